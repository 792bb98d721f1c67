"""A delivery waiting for a retry, or sent again by an admin, goes out only if the endpoint as it is set up now
would have been sent it: not to an endpoint that stopped taking private boards, those boards or that event, and
never in the format of a kind it no longer is. A chat channel hears nothing of a merge it may not name."""
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.ideas.services import submit_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import WebhookDelivery
from ideabox.webhooks import delivery as outbox
from tests import factories
from tests.conftest import login
from tests.factories_webhooks import Answer, make_webhook
from tests.test_webhooks import context, receiver  # noqa: F401  (fixtures)


def waiting_after_a_failure(receiver, board, author, title="Acquisition plan"):
    """Post an idea on `board` while the endpoint answers 500: its delivery waits for a retry."""
    receiver.answer(Answer(500, b"down"), Answer(200))
    submit_idea(board, author, title, "Confidential.")
    db.session.commit()
    outbox.drain()
    receiver.received.clear()
    delivery = db.session.scalars(select(WebhookDelivery).order_by(WebhookDelivery.id.desc())).first()
    assert delivery.next_attempt_at is not None and delivery.delivered_at is None
    delivery.next_attempt_at = delivery.created_at  # due now
    db.session.commit()
    return delivery


def given_up(delivery) -> WebhookDelivery:
    db.session.expire_all()
    delivery = db.session.get(WebhookDelivery, delivery.id)
    assert delivery.next_attempt_at is None and delivery.failed_at is not None and delivery.delivered_at is None
    return delivery


def test_a_private_idea_waiting_for_a_retry_does_not_reach_an_endpoint_that_stopped_taking_private_boards(
        receiver, context, private_board, pm):
    webhook = make_webhook(receiver.url, include_private=True)
    delivery = waiting_after_a_failure(receiver, private_board, pm)
    webhook.include_private = False
    db.session.commit()
    assert outbox.drain().dropped == 1
    assert receiver.received == []
    assert given_up(delivery).last_error == (
        "Not sent: it tells of a private board, and the endpoint no longer takes those.")


def test_a_waiting_delivery_still_goes_when_the_endpoint_only_moved(receiver, context, private_board, pm):
    webhook = make_webhook(receiver.url, include_private=True)
    waiting_after_a_failure(receiver, private_board, pm)
    webhook.url = receiver.url + "/new-address"
    db.session.commit()
    assert outbox.drain().sent == 1
    assert [request.path for request in receiver.received] == ["/new-address"]


def test_a_body_written_for_slack_is_not_sent_as_signed_json(receiver, context, board, customer):
    webhook = make_webhook(receiver.url, kind="slack")
    delivery = waiting_after_a_failure(receiver, board, customer)
    webhook.kind = "standard"
    db.session.commit()
    outbox.drain()
    assert receiver.received == []
    assert given_up(delivery).last_error == (
        "Not sent: it was written as a Slack message, and the endpoint now takes a signed JSON event.")


def test_boards_and_events_left_out_since_are_not_sent(receiver, context, board, customer):
    other = factories.make_board(name="Web app", slug="web")
    webhook = make_webhook(receiver.url)
    delivery = waiting_after_a_failure(receiver, board, customer)
    webhook.all_boards, webhook.boards = False, [other]
    db.session.commit()
    outbox.drain()
    assert given_up(delivery).last_error == "Not sent: it is about boards the endpoint no longer takes."

    delivery = waiting_after_a_failure(receiver, other, customer, title="Dark mode")
    webhook.events = ["vote.created"]
    db.session.commit()
    outbox.drain()
    assert given_up(delivery).last_error == "Not sent: the endpoint no longer subscribes to idea.created."
    assert receiver.received == []


def test_send_again_is_refused_when_the_endpoint_no_longer_takes_it(client, app, receiver, admin, private_board, pm):
    webhook = make_webhook(receiver.url, include_private=True)
    with app.test_request_context():
        submit_idea(private_board, pm, "Acquisition plan", "Confidential.")
    db.session.commit()
    outbox.drain()
    original = db.session.scalar(select(WebhookDelivery))
    login(client, admin)
    webhook.include_private = False
    db.session.commit()
    response = client.post_form(f"/admin/webhooks/deliveries/{original.id}/send-again", follow_redirects=True)
    assert "Not sent: it tells of a private board, and the endpoint no longer takes those." in response.get_data(
        as_text=True)
    assert len(receiver.received) == 1 and len(db.session.scalars(select(WebhookDelivery)).all()) == 1


def test_a_chat_channel_without_private_boards_hears_nothing_of_a_merge_of_private_duplicates(
        receiver, context, board, private_board, customer, pm):
    make_webhook(receiver.url + "/public-slack", kind="slack", events=["ideas.merged"])
    make_webhook(receiver.url + "/private-slack", kind="slack", events=["ideas.merged"], include_private=True)
    make_webhook(receiver.url + "/crm", events=["ideas.merged"])
    kept = submit_idea(board, customer, "Offline mode", "On the train.")
    duplicate = submit_idea(private_board, pm, "Work offline", "Sales asks.")
    merge_ideas(kept, [duplicate], pm)
    db.session.commit()
    outbox.drain()
    by_path = {request.path: request.json for request in receiver.received}
    assert set(by_path) == {"/private-slack", "/crm"}
    assert "Work offline" in by_path["/private-slack"]["text"]
    assert by_path["/crm"]["data"]["merged"] == []

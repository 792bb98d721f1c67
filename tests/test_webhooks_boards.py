"""Webhooks limited to chosen boards: which events reach them (moves, merges, themes, privacy), a deleted board
never widening one, and the rules the service keeps."""
import json

import pytest
from sqlalchemy import select

from ideabox.admin.services import delete_board, save_board
from ideabox.errors import FieldError
from ideabox.extensions import db
from ideabox.ideas.services import (add_comment, cast_vote, change_status, move_idea, retract_vote, submit_idea,
                                    withdraw_idea)
from ideabox.merging.services import merge_ideas
from ideabox.models import AuditEvent, IdeaStatus, Webhook, WebhookDelivery
from ideabox.roadmap.services import publish_release
from ideabox.themes.services import create_theme, set_theme_status
from ideabox.webhooks.services import save_webhook
from tests import factories
from tests.factories_webhooks import make_webhook

URL = "http://127.0.0.1:9/hook"  # nothing is drained: these tests read the outbox rows


@pytest.fixture
def context(app):
    app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = True
    with app.test_request_context():
        yield


@pytest.fixture
def api(app):
    return factories.make_board(name="API", slug="api")


def sent_to(webhook) -> list[str]:
    """The events queued for the webhook, oldest first."""
    return list(db.session.scalars(select(WebhookDelivery.event).where(WebhookDelivery.webhook_id == webhook.id)
                                   .order_by(WebhookDelivery.id)))


def scoped(*boards, **fields) -> Webhook:
    return make_webhook(URL, name=fields.pop("name", "Slack #" + "-".join(b.slug for b in boards)), all_boards=False,
                        boards=list(boards), **fields)


def test_a_scoped_webhook_hears_only_of_its_boards(context, board, api, customer, other_customer, pm):
    everything, mobile_only = make_webhook(URL, name="Warehouse"), scoped(board)
    on_api = submit_idea(api, customer, "Rate limits")
    cast_vote(on_api, other_customer)
    retract_vote(on_api, other_customer)
    add_comment(on_api, other_customer, "Me too")
    change_status(on_api, IdeaStatus.PLANNED, pm)
    withdraw_idea(submit_idea(api, customer, "Never mind"), customer)
    on_mobile = submit_idea(board, customer, "Offline mode")
    cast_vote(on_mobile, other_customer)
    db.session.commit()
    assert sent_to(mobile_only) == ["idea.created", "vote.created"]  # no row at all for the API board's events
    assert sent_to(everything) == ["idea.created", "vote.created", "vote.deleted", "comment.created",
                                   "idea.status_changed", "idea.created", "idea.withdrawn", "idea.created",
                                   "vote.created"]


def test_a_webhook_of_several_boards_hears_of_each(context, board, api, customer):
    both = scoped(board, api)
    submit_idea(board, customer, "Offline mode")
    submit_idea(api, customer, "Rate limits")
    submit_idea(factories.make_board(name="Web"), customer, "Dark mode")
    db.session.commit()
    assert sent_to(both) == ["idea.created", "idea.created"]


def test_an_event_goes_by_the_board_the_idea_is_on_at_that_moment(context, board, api, customer, pm):
    mobile_only, api_only = scoped(board), scoped(api)
    idea = submit_idea(board, customer, "Webhook retries")
    move_idea(idea, api, pm)
    change_status(idea, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert sent_to(mobile_only) == ["idea.created", "idea.moved"]  # it hears the idea left its board
    assert sent_to(api_only) == ["idea.moved", "idea.status_changed"]
    body = db.session.scalar(select(WebhookDelivery.body).where(WebhookDelivery.webhook_id == api_only.id))
    assert '"slug": "api"' in body


def test_a_merge_reaches_the_boards_of_the_kept_idea_and_of_the_duplicates(context, board, api, customer, pm):
    mobile_only, api_only, web_only = scoped(board), scoped(api), scoped(factories.make_board(name="Web", slug="web"))
    kept = factories.make_idea(board, customer, title="Offline mode")
    duplicate = factories.make_idea(api, customer, title="Offline API")
    merge_ideas(kept, [duplicate], pm)
    db.session.commit()
    assert sent_to(mobile_only) == sent_to(api_only) == ["ideas.merged"]
    assert sent_to(web_only) == []


def test_a_merge_reaches_a_scoped_webhook_only_through_a_board_it_may_hear_of(context, board, private_board,
                                                                               customer, pm):
    with_private = scoped(private_board, include_private=True)
    without_private = scoped(private_board, name="Slack #internal, made private since")  # as after a board change
    kept = factories.make_idea(board, customer, title="SSO")
    merge_ideas(kept, [factories.make_idea(private_board, pm, title="SAML for the admin")], pm)
    db.session.commit()
    assert sent_to(with_private) == ["ideas.merged"] and sent_to(without_private) == []


def test_a_merged_duplicate_from_a_private_board_is_named_only_to_endpoints_that_include_private_boards(
        context, board, private_board, customer, pm):
    public_only, with_private = make_webhook(URL, name="Public"), make_webhook(URL, name="All", include_private=True)
    kept = factories.make_idea(board, customer, title="SSO")
    public_duplicate = factories.make_idea(board, customer, title="Single sign-on")
    merge_ideas(kept, [public_duplicate, factories.make_idea(private_board, pm, title="SAML for the admin")], pm)
    db.session.commit()

    def merged_titles(webhook):
        body = db.session.scalar(select(WebhookDelivery.body).where(WebhookDelivery.webhook_id == webhook.id))
        return sorted(entry["title"] for entry in json.loads(body)["data"]["merged"])

    assert merged_titles(public_only) == ["Single sign-on"]
    assert merged_titles(with_private) == ["SAML for the admin", "Single sign-on"]


def test_themes_and_releases_go_by_the_boards_of_their_ideas(context, board, api, customer, pm):
    mobile_only, api_only, everything = scoped(board), scoped(api), make_webhook(URL, name="Warehouse")
    theme = create_theme("Offline", [factories.make_idea(board, customer, title="Offline mode")], pm)
    set_theme_status(theme, IdeaStatus.SHIPPED, pm)
    publish_release(theme, pm, "Offline mode is here.")
    on_api = factories.make_idea(api, customer, title="Webhooks", status=IdeaStatus.SHIPPED)
    publish_release(on_api, pm, "Webhooks are here.")
    db.session.commit()
    assert sent_to(mobile_only) == ["theme.status_changed", "release.published"]
    assert sent_to(api_only) == ["release.published"]
    assert sent_to(everything) == ["theme.status_changed", "release.published", "release.published"]


def test_a_theme_with_no_idea_left_is_about_no_board(context, board, customer, pm):
    mobile_only = scoped(board)
    everything = make_webhook(URL, name="Warehouse", include_private=True)
    idea = submit_idea(board, customer, "Offline mode")
    theme = create_theme("Offline", [idea], pm)
    withdraw_idea(idea, customer)
    set_theme_status(theme, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert "theme.status_changed" not in sent_to(mobile_only)
    assert "theme.status_changed" in sent_to(everything)


def test_a_picked_private_board_needs_private_boards_on(context, private_board, pm):
    with_private = scoped(private_board, include_private=True)
    submit_idea(private_board, pm, "Audit log export")
    db.session.commit()
    assert sent_to(with_private) == ["idea.created"]


def test_a_board_made_private_later_stops_reaching_a_webhook_without_private_boards(context, board, admin):
    mobile_only = scoped(board)
    save_board(admin, board, name=board.name, slug=board.slug, is_private=True)
    submit_idea(board, admin, "Offline mode")
    db.session.commit()
    assert sent_to(mobile_only) == [] and [b.name for b in mobile_only.unsent_boards] == ["Mobile app"]


def test_deleting_its_last_board_leaves_a_webhook_scoped_to_nothing(context, board, api, customer, admin):
    api_only = scoped(api)
    delete_board(admin, api)
    db.session.commit()
    db.session.expire_all()
    assert api_only.all_boards is False and api_only.boards == []
    submit_idea(board, customer, "Offline mode")
    db.session.commit()
    assert sent_to(api_only) == []


GOOD = dict(name="Slack #mobile", url=URL, kind="slack", events=["idea.created"], include_private=False,
            is_active=True)


@pytest.mark.parametrize("change, message", [
    ({"board_ids": []}, "Pick at least one board, or choose “All boards”."),
    ({"board_ids": [987654]}, "A board you picked does not exist any more."),
    ({"board_ids": "private"}, "“Internal” is a private board: tick “Also send events about ideas on private boards”"),
])
def test_the_service_refuses_a_scope_that_makes_no_sense(context, admin, board, private_board, change, message):
    if change["board_ids"] == "private":
        change = {"board_ids": [board.id, private_board.id]}
    with pytest.raises(FieldError, match=message) as refused:
        save_webhook(admin, None, **GOOD, all_boards=False, **change)
    assert refused.value.field == "board_ids"
    db.session.rollback()
    assert db.session.scalar(select(Webhook.id)) is None


def test_the_audit_log_says_which_boards_and_what_they_were(context, admin, board, api):
    webhook = save_webhook(admin, None, **GOOD)
    save_webhook(admin, webhook, **GOOD, all_boards=False, board_ids=[api.id, board.id])
    save_webhook(admin, webhook, **{**GOOD, "name": "Slack #product"}, all_boards=False, board_ids=[board.id, api.id])
    save_webhook(admin, webhook, **GOOD, all_boards=True, board_ids=[board.id])  # boards ignored with all boards
    db.session.commit()
    details = [event.details for event in db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "webhook.saved").order_by(AuditEvent.id))]
    assert [d["boards"] for d in details] == ["all", ["API", "Mobile app"], ["API", "Mobile app"], "all"]
    assert [d.get("previous_boards") for d in details] == [None, "all", None, ["API", "Mobile app"]]
    assert webhook.all_boards and webhook.boards == []

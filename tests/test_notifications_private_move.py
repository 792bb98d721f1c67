"""Emails queued about an idea go out only to people who may still read it: a move to a private board or a
withdrawal drops the unsent ones to everyone else, and the mailer checks again before each send."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from ideabox import create_app
from ideabox.admin.services import save_board
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, change_status, move_idea, toggle_follow, withdraw_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import IdeaStatus, OutboxEmail, Role
from ideabox.moderation.services import WITHDRAW, decide, report
from ideabox.notifications.digest import send_new_idea_digests
from ideabox.notifications.mailer import drain_outbox
from tests import factories
from tests.factories_notifications import outbox_for


@pytest.fixture
def told(board, customer, pm, executive, admin):
    """An idea on a public board backed by a customer and followed by a PM and an executive, whom a status
    change by an admin has each sent one email about it, waiting in the outbox."""
    idea = factories.make_idea(board, factories.make_user(), title="Offline mode")
    cast_vote(idea, customer)
    toggle_follow(idea, pm)
    toggle_follow(idea, executive)
    change_status(idea, IdeaStatus.PLANNED, admin, note="Planned for Q3.")
    db.session.commit()
    return idea


def emails_to(user) -> list[OutboxEmail]:
    """Every email queued or sent to the person, in the order they were queued."""
    db.session.expire_all()
    return sorted(outbox_for(user), key=lambda email: email.id)


def unsent_for(user) -> list[OutboxEmail]:
    return [email for email in emails_to(user) if email.sent_at is None]


def test_queued_emails_know_their_idea(told, customer, pm):
    assert [email.idea_id for email in emails_to(customer) + emails_to(pm)] == [told.id, told.id]


def test_moving_to_a_private_board_drops_the_customers_unsent_email_only(told, private_board, customer, pm,
                                                                          executive, admin):
    move_idea(told, private_board, admin)
    db.session.commit()
    assert unsent_for(customer) == []
    assert [email.subject for email in unsent_for(pm)] == ["Planned: Offline mode"]
    assert len(unsent_for(executive)) == 1  # executives read private boards


def test_an_official_reply_queued_before_the_move_never_reaches_the_customer(smtp, board, private_board, customer,
                                                                               pm, admin):
    idea = factories.make_idea(board, factories.make_user(), title="Offline mode")
    cast_vote(idea, customer)
    toggle_follow(idea, admin)
    add_comment(idea, pm, "We are prototyping this in the **private beta**.")
    db.session.commit()
    assert [email.comment_id is not None and email.idea_id == idea.id for email in outbox_for(customer)] == [True]
    move_idea(idea, private_board, pm)
    db.session.commit()
    assert outbox_for(customer) == [] and len(unsent_for(admin)) == 1
    assert drain_outbox().sent == 1
    assert smtp.to(customer.email) == [] and len(smtp.to(admin.email)) == 1


def test_emails_already_sent_stay_as_the_record(smtp, told, private_board, customer, pm, admin):
    assert drain_outbox().sent == 3
    change_status(told, IdeaStatus.IN_PROGRESS, admin, note="Started.")
    db.session.commit()
    move_idea(told, private_board, admin)
    db.session.commit()
    assert [(email.subject, email.sent_at is not None) for email in emails_to(customer)] == [
        ("Planned: Offline mode", True)]
    assert [(email.subject, email.sent_at is not None) for email in emails_to(pm)] == [
        ("Planned: Offline mode", True), ("In progress: Offline mode", False)]
    assert drain_outbox().sent == 2  # the PM's and the executive's
    assert len(smtp.to(customer.email)) == 1


def test_backers_of_a_merged_duplicate_lose_their_unsent_email_too(board, private_board, customer, other_customer,
                                                                   pm, admin):
    idea = factories.make_idea(board, factories.make_user(), title="Offline mode")
    duplicate = factories.make_idea(board, factories.make_user(), title="Work without network")
    cast_vote(duplicate, other_customer)
    merge_ideas(idea, [duplicate], pm)
    change_status(idea, IdeaStatus.PLANNED, admin)
    db.session.commit()
    assert len(unsent_for(other_customer)) == 2  # merged, then planned
    move_idea(idea, private_board, pm)
    db.session.commit()
    assert unsent_for(other_customer) == []


def test_a_move_between_public_boards_or_other_ideas_emails_are_left_alone(told, board, private_board, customer,
                                                                            admin):
    other = factories.make_idea(board, factories.make_user(), title="Dark mode")
    cast_vote(other, customer)
    change_status(other, IdeaStatus.PLANNED, admin)
    move_idea(told, factories.make_board(name="Web app", slug="web"), admin)
    db.session.commit()
    assert sorted(email.subject for email in unsent_for(customer)) == ["Planned: Dark mode", "Planned: Offline mode"]
    move_idea(told, private_board, admin)
    db.session.commit()
    assert [email.subject for email in unsent_for(customer)] == ["Planned: Dark mode"]


def test_withdrawing_an_idea_keeps_only_the_staffs_unsent_email(told, customer, pm, executive, admin):
    withdraw_idea(told, admin)
    db.session.commit()
    assert unsent_for(customer) == [] and unsent_for(executive) == []  # only staff open a withdrawn idea
    assert len(unsent_for(pm)) == 1


def test_an_idea_withdrawn_by_moderation_sends_the_customer_nothing(smtp, told, customer, other_customer, admin):
    report(other_customer, "spam", "", told)
    decide(admin, WITHDRAW, told)
    db.session.commit()
    assert unsent_for(customer) == []
    assert drain_outbox().sent == 1 and smtp.to(customer.email) == []


def test_deleting_an_idea_takes_its_emails_with_it(told, customer, pm):
    db.session.execute(text("DELETE FROM ideas WHERE id = :id"), {"id": told.id})
    db.session.commit()
    assert outbox_for(customer) == [] and outbox_for(pm) == []


def test_the_mailer_drops_an_email_about_an_idea_whose_board_was_made_private(smtp, runner, told, board, customer,
                                                                            pm, admin):
    save_board(admin, board, name=board.name, slug=board.slug, is_private=True)  # no move: the rows stay queued
    db.session.commit()
    assert len(unsent_for(customer)) == 1
    result = runner.invoke(args=["send-emails"])
    assert "Sent 2 email(s); 0 failed" in result.output and "Dropped 1 email(s)" in result.output
    db.session.expire_all()
    assert outbox_for(customer) == [] and smtp.to(customer.email) == []
    assert len(smtp.to(pm.email)) == 1


def test_the_mailer_drops_an_email_to_someone_who_left_the_team(smtp, board, private_board, pm, admin):
    idea = factories.make_idea(private_board, factories.make_user(role="pm"), title="Pricing rework")
    toggle_follow(idea, pm)
    change_status(idea, IdeaStatus.PLANNED, admin)
    db.session.commit()
    pm.role = Role.CUSTOMER
    db.session.commit()
    result = drain_outbox()
    assert (result.sent, result.dropped) == (0, 1) and smtp.messages == []


def test_emails_about_no_idea_are_sent_as_before(smtp, board, pm, customer):
    pm.new_idea_digest = True
    factories.make_idea(board, customer, title="Offline mode")
    send_new_idea_digests()
    db.session.commit()
    [digest] = outbox_for(pm)
    assert digest.idea_id is None
    assert drain_outbox().sent == 1 and len(smtp.to(pm.email)) == 1


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_migration_0037_keeps_queued_emails_and_undoes_cleanly(empty_database, kind):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database(kind), "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="0036")
        with db.engine.begin() as connection:
            connection.execute(text(
                "INSERT INTO outbox_emails (to_address, subject, text_body, html_body, attempts, last_error,"
                " next_attempt_at, created_at) VALUES ('old@example.com', 'Hello', 'Hi', '', 0, '',"
                " '2026-12-01 00:00:00', '2026-12-01 00:00:00')"))
        upgrade(revision="0037")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT subject, idea_id FROM outbox_emails")).one() == ("Hello", None)
            foreign_keys = inspect(connection).get_foreign_keys("outbox_emails")
            [to_ideas] = [key for key in foreign_keys if key["referred_table"] == "ideas"]
            assert to_ideas["options"].get("ondelete") == "CASCADE"
        downgrade(revision="0036")
        with db.engine.connect() as connection:
            columns = [column["name"] for column in inspect(connection).get_columns("outbox_emails")]
            assert "idea_id" not in columns
            assert connection.execute(text("SELECT subject FROM outbox_emails")).scalar() == "Hello"
        db.engine.dispose()

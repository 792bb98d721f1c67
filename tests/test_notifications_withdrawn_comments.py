"""News about a comment follows the comment: deleting it withdraws its notifications and unsent emails, hiding it
withdraws them from everyone who may no longer read it, rewording it rewords the emails not yet sent."""
import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text

from ideabox import create_app
from ideabox.comments import mentions
from ideabox.comments.services import delete_comment, edit_comment, set_comment_hidden
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, change_status, toggle_follow
from ideabox.models import IdeaStatus, Notification
from ideabox.moderation.services import HIDE, decide, report
from ideabox.notifications.mailer import drain_outbox
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def idea(board, other_customer):
    """Olive's idea, which she follows as its author does."""
    posted = make_idea(board, other_customer, title="Project templates")
    toggle_follow(posted, other_customer)
    db.session.commit()
    return posted


@pytest.fixture
def comment(idea, customer, executive, admin):
    """Casey's comment on it, told in-app to its followers: Olive, an executive and an admin."""
    toggle_follow(idea, executive)
    toggle_follow(idea, admin)
    posted = add_comment(idea, customer, "Templates per team, please.")
    db.session.commit()
    return posted


def told_of(person, kind="comment") -> list[str]:
    db.session.expire_all()
    return [notification.link for notification in notifications_for(person, kind)]


def unsent_to(person) -> list[str]:
    db.session.expire_all()
    return [email.subject for email in outbox_for(person) if email.sent_at is None]


# --- in-app notifications -------------------------------------------------------------------------


def test_a_notification_about_a_comment_knows_it(comment, other_customer, executive, admin):
    for person in (other_customer, executive, admin):
        [notification] = notifications_for(person, "comment")
        assert notification.comment_id == comment.id
        assert notification.link == f"/ideas/{comment.idea_id}#comment-{comment.id}"


def test_deleting_a_comment_withdraws_its_notifications_and_nothing_else(comment, idea, customer, other_customer,
                                                                         executive, admin, pm):
    change_status(idea, IdeaStatus.PLANNED, pm)
    delete_comment(comment, customer)
    db.session.commit()
    for person in (other_customer, executive, admin):
        assert told_of(person) == []
        assert len(notifications_for(person, "status_changed")) == 1


def test_the_inbox_no_longer_offers_a_deleted_comment(client, comment, customer, other_customer):
    [notification] = notifications_for(other_customer, "comment")
    opened = f"/notifications/{notification.id}/open"
    login(client, other_customer)
    assert "Casey Customer commented on" in client.get("/notifications/").get_data(as_text=True)
    delete_comment(comment, customer)
    db.session.commit()
    assert "commented on" not in client.get("/notifications/").get_data(as_text=True)
    assert client.get(opened).status_code == 404  # no more a way to /ideas/…#comment-… that is not there


def test_hiding_a_comment_withdraws_it_from_everyone_but_staff(comment, other_customer, executive, admin, pm):
    set_comment_hidden(comment, pm, True)
    db.session.commit()
    assert told_of(other_customer) == [] and told_of(executive) == []  # executives do not see hidden comments
    assert told_of(admin) == [f"/ideas/{comment.idea_id}#comment-{comment.id}"]  # staff still read it there
    set_comment_hidden(comment, pm, False)
    db.session.commit()
    assert told_of(other_customer) == []  # shown again, it is not told again


def test_a_comment_hidden_on_reports_keeps_the_reporters_outcome(comment, idea, other_customer, admin):
    report(other_customer, "spam", "", idea, comment)
    decide(admin, HIDE, idea, comment)
    db.session.commit()
    assert told_of(other_customer) == []
    [outcome] = notifications_for(other_customer, "report")
    assert "The team hid the comment you reported" in outcome.message


def test_mentions_official_replies_and_notes_are_withdrawn_with_their_comment(idea, customer, other_customer,
                                                                               executive, pm):
    cast_vote(idea, customer)
    toggle_follow(idea, executive)
    reply = add_comment(idea, pm, f"{mentions.token(other_customer)} we are on it.")
    note = add_comment(idea, pm, f"{mentions.token(executive)} worth a look", internal=True)
    db.session.commit()
    assert [n.comment_id for n in notifications_for(customer, "official_reply")] == [reply.id]
    assert [n.comment_id for n in notifications_for(other_customer, "mention")] == [reply.id]
    assert {n.comment_id for n in notifications_for(executive)} == {reply.id, note.id}
    delete_comment(reply, pm)
    delete_comment(note, pm)
    db.session.commit()
    assert told_of(customer, "official_reply") == [] and told_of(other_customer, "mention") == []
    assert told_of(executive, None) == []


def test_a_comment_deleted_by_any_other_way_takes_its_notifications_with_it(comment, other_customer):
    comment_id = comment.id
    db.session.execute(text("DELETE FROM comments WHERE id = :id"), {"id": comment_id})
    db.session.commit()
    assert told_of(other_customer) == []
    assert db.session.scalar(select(Notification.id).where(Notification.comment_id == comment_id)) is None


# --- mention emails -------------------------------------------------------------------------------


@pytest.fixture
def mention(idea, customer, other_customer):
    """Casey mentions Olive, the idea's author: her email waits in the outbox."""
    posted = add_comment(idea, customer, f"{mentions.token(other_customer)} could templates be shared?")
    db.session.commit()
    assert unsent_to(other_customer) == ["Casey Customer mentioned you on “Project templates”."]
    return posted


def test_a_deleted_comments_mention_email_does_not_go_out(smtp, mention, customer, other_customer):
    delete_comment(mention, customer)
    db.session.commit()
    assert outbox_for(other_customer) == []
    assert drain_outbox().sent == 0 and smtp.messages == []


def test_a_hidden_comments_mention_email_does_not_go_out(mention, other_customer, pm):
    set_comment_hidden(mention, pm, True)
    db.session.commit()
    assert unsent_to(other_customer) == []


def test_a_reworded_mention_goes_out_with_its_new_words_still_as_a_mention(smtp, mention, customer,
                                                                           other_customer):
    edit_comment(mention, customer, f"{mentions.token(other_customer)} could templates be shared across teams?")
    db.session.commit()
    [queued] = outbox_for(other_customer)
    assert queued.subject == "Casey Customer mentioned you on “Project templates”."
    assert "across teams?" in queued.text_body and "across teams?" in queued.html_body
    assert drain_outbox().sent == 1
    [sent] = smtp.to(other_customer.email)
    assert "across teams?" in sent.get_body(("plain",)).get_content()


def test_a_reworded_official_reply_that_mentions_someone_keeps_each_email_its_kind(idea, customer, other_customer,
                                                                                   pm):
    cast_vote(idea, customer)
    reply = add_comment(idea, pm, f"{mentions.token(other_customer)} this ships in Q3.")
    db.session.commit()
    edit_comment(reply, pm, f"{mentions.token(other_customer)} this ships in Q4.")
    db.session.commit()
    [to_backer] = outbox_for(customer)
    [to_mentioned] = outbox_for(other_customer)
    assert to_backer.subject == "Official reply: Project templates" and "in Q4." in to_backer.text_body
    assert to_mentioned.subject == "Pat PM mentioned you on “Project templates”."
    assert "in Q4." in to_mentioned.text_body and "in Q3" not in to_mentioned.text_body


def test_a_mention_taken_out_by_an_edit_takes_its_unsent_email_with_it(mention, customer, other_customer):
    edit_comment(mention, customer, "Could templates be shared?")
    db.session.commit()
    assert unsent_to(other_customer) == []


def test_a_mention_email_already_sent_stays_as_it_went(smtp, mention, customer, other_customer):
    assert [email.comment_id for email in outbox_for(other_customer)] == [mention.id]
    assert drain_outbox().sent == 1
    delete_comment(mention, customer)
    db.session.commit()
    [sent] = outbox_for(other_customer)
    assert sent.sent_at is not None and sent.comment_id is None and "could templates be shared?" in sent.text_body


# --- the migration --------------------------------------------------------------------------------


def _insert_at_0038(connection) -> None:
    """Olive's idea with a comment, a notification about it, one about a comment since deleted, one about the idea,
    and an official reply's email waiting in the outbox."""
    connection.execute(text(
        "INSERT INTO users (id, email, display_name, role, timezone, email_notifications, new_idea_notifications,"
        " new_idea_digest, unsubscribe_token, reputation, is_suspended, created_at)"
        " VALUES (1, 'olive@example.com', 'Olive', 'customer', 'UTC', true, true, false, 't', 0, false,"
        " '2026-12-01 00:00:00')"))
    connection.execute(text("INSERT INTO boards (id, slug, name, description, is_private, created_at)"
                            " VALUES (1, 'web', 'Web', '', false, '2026-12-01 00:00:00')"))
    connection.execute(text(
        "INSERT INTO ideas (id, board_id, author_id, title, body, status, vote_count, backer_count, comment_count,"
        " roadmap_pinned, created_at, updated_at) VALUES (34, 1, 1, 'Project templates', '', 'open', 0, 0, 1,"
        " false, '2026-12-01 00:00:00', '2026-12-01 00:00:00')"))
    connection.execute(text("INSERT INTO comments (id, idea_id, author_id, body, is_hidden, is_internal, created_at)"
                            " VALUES (1208, 34, 1, 'Yes', false, false, '2026-12-01 00:00:00')"))
    for kind, link in [("comment", "/ideas/34#comment-1208"), ("mention", "/ideas/34#comment-999"),
                       ("status_changed", "/ideas/34")]:
        connection.execute(text("INSERT INTO notifications (user_id, kind, message, link, idea_id, created_at)"
                                " VALUES (1, :kind, 'News', :link, 34, '2026-12-01 00:00:00')"),
                           {"kind": kind, "link": link})
    connection.execute(text(
        "INSERT INTO outbox_emails (to_address, subject, text_body, html_body, attempts, last_error, next_attempt_at,"
        " created_at, comment_id, idea_id) VALUES ('olive@example.com', 'Official reply', 'Hi', '', 0, '',"
        " '2026-12-01 00:00:00', '2026-12-01 00:00:00', 1208, 34)"))


@pytest.mark.parametrize("kind", ["sqlite", "postgresql"])
def test_migration_0039_links_notifications_to_their_comments_and_undoes_cleanly(empty_database, kind):
    app = create_app({"SQLALCHEMY_DATABASE_URI": empty_database(kind), "SECRET_KEY": "k"})
    with app.app_context():
        upgrade(revision="0038")
        with db.engine.begin() as connection:
            _insert_at_0038(connection)
        upgrade(revision="0039")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT kind, comment_id FROM notifications ORDER BY id")).all() == [
                ("comment", 1208), ("mention", None), ("status_changed", None)]  # 999 is gone: no link to keep
            assert connection.execute(text("SELECT kind FROM outbox_emails")).scalar() == "official_reply"
            [to_comments] = [key for key in inspect(connection).get_foreign_keys("notifications")
                             if key["referred_table"] == "comments"]
            assert to_comments["options"].get("ondelete") == "CASCADE"
            assert "ix_notifications_comment_id" in {index["name"] for index in inspect(connection).get_indexes(
                "notifications")}
        with db.engine.begin() as connection:
            connection.execute(text("DELETE FROM comments WHERE id = 1208"))
            assert connection.execute(text("SELECT kind FROM notifications ORDER BY id")).scalars().all() == [
                "mention", "status_changed"]
        downgrade(revision="0038")
        with db.engine.connect() as connection:
            assert "comment_id" not in [c["name"] for c in inspect(connection).get_columns("notifications")]
            assert "kind" not in [c["name"] for c in inspect(connection).get_columns("outbox_emails")]
            assert connection.execute(text("SELECT count(*) FROM notifications")).scalar() == 2
            assert connection.execute(text("SELECT subject FROM outbox_emails")).scalar() == "Official reply"
        db.engine.dispose()

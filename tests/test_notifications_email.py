"""The email outbox over a real local SMTP server: delivery, retries with backoff, unsubscribe, RQ."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import IdeaStatus, OutboxEmail, User, utcnow
from ideabox.notifications.mailer import drain_outbox, retry_delay
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def planned(app, board, pm):
    """A backer with one status-change email waiting in the outbox."""
    with app.test_request_context():
        idea = make_idea(board, make_user(), title="Offline mode")
        backer = make_user(email="bea@example.com", display_name="Bea Backer")
        cast_vote(idea, backer)
        change_status(idea, IdeaStatus.PLANNED, pm, note="Scheduled for **March**.")
        db.session.commit()
    return idea, backer


def test_drain_sends_text_and_html_with_unsubscribe_headers(smtp, planned):
    idea, backer = planned
    result = drain_outbox()
    assert (result.sent, result.failed) == (1, 0)
    [message] = smtp.to("bea@example.com")
    assert message["Subject"] == "Planned: Offline mode"
    assert message["From"] == "IdeaBox <roadmap@example.com>"
    assert message["List-Unsubscribe"] == f"<http://localhost/notifications/unsubscribe/{backer.unsubscribe_token}>"
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # as sent: one plain line that mail clients read as the link, not encoded words (which the parser above decodes)
    raw_header = f"\r\nList-Unsubscribe: <http://localhost/notifications/unsubscribe/{backer.unsubscribe_token}>\r\n"
    assert raw_header.encode() in smtp.sink.raw[0]
    text = message.get_body(("plain",)).get_content()
    html = message.get_body(("html",)).get_content()
    assert f"http://localhost/ideas/{idea.id}" in text and "Scheduled for **March**." in text
    assert "<strong>March</strong>" in html and f'href="http://localhost/ideas/{idea.id}"' in html
    [row] = outbox_for(backer)
    assert row.sent_at is not None and row.attempts == 1 and row.last_error == ""
    assert drain_outbox().sent == 0  # nothing is sent twice


def test_a_failed_send_is_kept_and_retried_with_backoff_until_it_succeeds(smtp, planned):
    idea, backer = planned
    smtp.stop()
    now = utcnow()
    result = drain_outbox(now=now)
    assert (result.sent, result.failed) == (0, 1)
    [row] = outbox_for(backer)
    assert row.sent_at is None and row.attempts == 1
    assert "Connection" in row.last_error or "refused" in row.last_error.lower()
    assert row.next_attempt_at == now + timedelta(minutes=1)
    assert drain_outbox(now=now).failed == 0  # not due again before the backoff ends

    later = row.next_attempt_at
    drain_outbox(now=later)
    db.session.refresh(row)
    assert (row.attempts, row.sent_at) == (2, None)
    assert row.next_attempt_at == later + timedelta(minutes=2)

    smtp.start()
    result = drain_outbox(now=row.next_attempt_at)
    assert (result.sent, result.failed) == (1, 0)
    db.session.refresh(row)
    assert row.sent_at is not None and row.attempts == 3 and row.last_error == ""
    assert len(smtp.to("bea@example.com")) == 1


def test_a_refusing_server_keeps_the_email_with_its_error(smtp, planned):
    idea, backer = planned
    smtp.sink.refuse = True
    drain_outbox()
    [row] = outbox_for(backer)
    assert row.sent_at is None and row.attempts == 1 and "554" in row.last_error
    smtp.sink.refuse = False
    assert drain_outbox(now=row.next_attempt_at).sent == 1
    assert len(smtp.to("bea@example.com")) == 1


def test_backoff_doubles_and_is_capped():
    assert [retry_delay(n) for n in (1, 2, 3, 4)] == [timedelta(minutes=m) for m in (1, 2, 4, 8)]
    assert retry_delay(40) == timedelta(hours=6)


def test_send_emails_command_reports_what_it_did(smtp, planned, runner):
    result = runner.invoke(args=["send-emails"])
    assert result.exit_code == 0, result.output
    assert "Sent 1 email(s); 0 failed" in result.output
    assert len(smtp.messages) == 1


def test_send_emails_command_fails_loudly_when_the_server_is_down(smtp, planned, runner):
    smtp.stop()
    result = runner.invoke(args=["send-emails"])
    assert result.exit_code == 1
    assert "1 failed and will be retried" in result.output
    assert db.session.scalar(select(OutboxEmail.attempts)) == 1


def test_send_emails_command_needs_an_smtp_host(planned, runner, app):
    app.config["SMTP_HOST"] = None
    result = runner.invoke(args=["send-emails"])
    assert result.exit_code == 1 and "SMTP_HOST is not configured" in result.output
    assert db.session.scalar(select(OutboxEmail.attempts)) == 0


def _unsubscribe_path(mail: OutboxEmail) -> str:
    return re.search(r"http://localhost(/notifications/unsubscribe/\S+)", mail.text_body).group(1)


def test_the_unsubscribe_link_in_an_email_works(client, planned, pm, board, app):
    idea, backer = planned
    [mail] = outbox_for(backer)
    path = _unsubscribe_path(mail)
    page = client.get(path)
    assert page.status_code == 200
    assert "Stop email notifications?" in page.get_data(as_text=True)
    assert db.session.get(User, backer.id).email_notifications is True  # GET changes nothing

    done = client.post(path)  # one-click unsubscribe posts without a form token (RFC 8058)
    assert done.status_code == 200 and "You're unsubscribed" in done.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, backer.id).email_notifications is False
    assert outbox_for(backer) == []  # queued mail is dropped too

    with app.test_request_context():
        change_status(idea, IdeaStatus.IN_PROGRESS, pm)
        db.session.commit()
    assert outbox_for(backer) == []
    assert len(notifications_for(backer, "status_changed")) == 2  # still told in-app


def test_an_unknown_unsubscribe_token_is_not_found(client, customer):
    assert client.get("/notifications/unsubscribe/not-a-token").status_code == 404
    assert client.post("/notifications/unsubscribe/not-a-token").status_code == 404
    assert db.session.get(User, customer.id).email_notifications is True


def test_with_redis_a_send_job_is_enqueued_after_commit_and_sends(smtp, redis_queue, app, board, pm):
    from ideabox.worker import InProcessWorker

    app.config.update(EMAIL_QUEUE=redis_queue.name, RQ_QUEUE="not-this-one")  # email may have a queue of its own

    with app.test_request_context():
        idea = make_idea(board, make_user(), title="Calendar sync")
        backers = [make_user(), make_user()]
        for backer in backers:
            cast_vote(idea, backer)
        change_status(idea, IdeaStatus.PLANNED, pm)
        assert redis_queue.count == 0  # nothing before the commit
        db.session.commit()
    assert redis_queue.count == 1  # one job for the whole transaction
    InProcessWorker([redis_queue], connection=redis_queue.connection).work(burst=True)
    assert sorted(m["To"] for m in smtp.messages) == sorted(b.email for b in backers)
    assert all(row.sent_at for row in db.session.scalars(select(OutboxEmail)))


def test_fan_out_through_merges_delivers_exactly_one_email_per_person(smtp, app, board, pm):
    from ideabox.ideas.services import toggle_follow
    from ideabox.merging.services import merge_ideas
    from ideabox.themes.services import create_theme, set_theme_status

    with app.test_request_context():
        author = make_user()
        primary, other = make_idea(board, author, title="Audit trail"), make_idea(board, author, title="Change log")
        backed_dup, followed_dup = make_idea(board, author, title="History"), make_idea(board, author, title="Who did it")
        dup_backer, dup_follower = make_user(email="dupe.backer@example.com"), make_user(email="dupe.follower@example.com")
        cast_vote(backed_dup, dup_backer)
        cast_vote(other, dup_backer)
        toggle_follow(followed_dup, dup_follower)
        merge_ideas(primary, [backed_dup], pm)
        merge_ideas(other, [followed_dup], pm)
        theme = create_theme("Audit and history", [primary, other], pm)
        db.session.commit()
        drain_outbox()
        smtp.sink.messages.clear()  # the merge notices; now the theme moves
        set_theme_status(theme, IdeaStatus.PLANNED, pm)
        db.session.commit()
    drain_outbox()
    assert sorted(m["To"] for m in smtp.messages) == ["dupe.backer@example.com", "dupe.follower@example.com"]
    assert all(m["Subject"] == "Planned: Audit and history" for m in smtp.messages)
    assert smtp.to(pm.email) == []


def test_each_backer_s_email_has_their_own_name_and_unsubscribe_link(app, board, pm):
    # the emails of one piece of news are rendered once and addressed per person
    names = ["Ana <b>&</b> Co", "\x1fname\x1f unsubscribe-token-of-the-recipient", "Björn"]
    with app.test_request_context():
        idea = make_idea(board, make_user(), title="Offline mode")
        backers = [make_user(display_name=name) for name in names]
        for backer in backers:
            cast_vote(idea, backer)
        change_status(idea, IdeaStatus.PLANNED, pm, note="Soon.")
        db.session.commit()
    for backer, name in zip(backers, names):
        [mail] = outbox_for(backer)
        assert mail.to_address == backer.email
        assert f"Hi {name}," in mail.text_body
        assert f"/notifications/unsubscribe/{backer.unsubscribe_token}" in mail.text_body
        assert f'href="http://localhost/notifications/unsubscribe/{backer.unsubscribe_token}"' in mail.html_body
        others = [b.unsubscribe_token for b in backers if b is not backer]
        assert not any(token in mail.text_body + mail.html_body for token in others)
    assert "Hi Ana &lt;b&gt;&amp;&lt;/b&gt; Co," in outbox_for(backers[0])[0].html_body
    assert "unsubscribe-token-of-the-recipient" in outbox_for(backers[1])[0].text_body  # a name is not filled in

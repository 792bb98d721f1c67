"""New ideas as one daily email: the team members who ask for it, over a real local SMTP server."""
from datetime import timedelta

import pytest

from ideabox.extensions import db
from ideabox.ideas.services import submit_idea
from ideabox.models import utcnow
from ideabox.notifications import digest
from ideabox.notifications.digest import send_new_idea_digests
from ideabox.notifications.mailer import drain_outbox
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def reader(app):
    """A PM who takes new ideas as a daily digest; the last one went out a day ago."""
    return make_user(role="pm", display_name="Dana Digest", email="dana@example.com", new_idea_digest=True,
                     new_idea_digest_sent_at=utcnow() - timedelta(days=1))


def posted(board, author, title, hours_ago, **fields):
    return make_idea(board, author, title=title, created_at=utcnow() - timedelta(hours=hours_ago), **fields)


def test_digest_readers_are_told_in_app_at_once_and_emailed_once_a_day(board, customer, pm, reader):
    for title in ("Offline mode", "Dark mode"):
        submit_idea(board, customer, title)
    db.session.commit()
    assert len(notifications_for(reader, "new_idea")) == 2 and outbox_for(reader) == []
    assert len(outbox_for(pm)) == 2  # the PM without a digest still gets one email per idea

    assert send_new_idea_digests() == 1
    db.session.commit()
    [mail] = outbox_for(reader)
    assert mail.subject == "2 new ideas to triage"
    assert "2 new ideas were posted since your last digest." in mail.text_body
    assert mail.text_body.index("Offline mode") < mail.text_body.index("Dark mode")
    assert "(Mobile app, by Casey Customer)" in mail.text_body and "Hi Dana Digest," in mail.text_body
    assert mail.html_body.count('<li style=') == 2 and "/ideas/" in mail.html_body
    assert send_new_idea_digests() == 0  # run again the same day: nothing new, nothing sent
    assert len(outbox_for(reader)) == 1


def test_a_digest_leaves_out_older_withdrawn_and_own_ideas(board, customer, reader):
    posted(board, customer, "Before the last digest", hours_ago=30)
    posted(board, customer, "Withdrawn since", hours_ago=2, withdrawn_at=utcnow())
    posted(board, reader, "The reader's own", hours_ago=2)
    posted(board, customer, "Fresh one", hours_ago=1)
    send_new_idea_digests()
    [mail] = outbox_for(reader)
    assert mail.subject == "1 new idea to triage" and "Fresh one" in mail.text_body
    for left_out in ("Before the last digest", "Withdrawn since", "The reader's own"):
        assert left_out not in mail.text_body


@pytest.mark.parametrize("last_sent_days_ago, listed", [(None, ["1 day"]), (30, ["1 day", "6 days"])])
def test_a_first_digest_covers_a_day_and_none_reaches_past_a_week(board, customer, reader, last_sent_days_ago,
                                                                   listed):
    reader.new_idea_digest_sent_at = None if last_sent_days_ago is None else utcnow() - timedelta(days=last_sent_days_ago)
    for days in (1, 6, 10):
        posted(board, customer, f"{days} day{'s' if days > 1 else ''}", hours_ago=days * 24 - 1)
    send_new_idea_digests()
    [mail] = outbox_for(reader)
    titles = [line[2:].split(" (")[0] for line in mail.text_body.splitlines() if line.startswith("- ")]
    assert sorted(titles) == sorted(listed)


def test_a_busy_day_lists_the_first_ideas_and_counts_the_rest(board, customer, reader, monkeypatch):
    monkeypatch.setattr(digest, "LISTED", 3)
    for n in range(5):
        posted(board, customer, f"Idea {n}", hours_ago=5 - n)
    send_new_idea_digests()
    [mail] = outbox_for(reader)
    assert mail.subject == "5 new ideas to triage" and "…and 2 more." in mail.text_body and "…and 2 more." in mail.html_body
    assert "Idea 2" in mail.text_body and "Idea 3" not in mail.text_body


def test_only_staff_who_asked_get_a_digest_and_emails_off_means_none(board, customer, reader):
    no_email = make_user(role="admin", new_idea_digest=True, email_notifications=False,
                         new_idea_digest_sent_at=utcnow() - timedelta(days=1))
    others = [
        make_user(role="pm", new_idea_digest=True, new_idea_notifications=False),
        make_user(role="pm", new_idea_digest=True, is_suspended=True),
        make_user(role="executive", new_idea_digest=True),
        make_user(role="customer", new_idea_digest=True),
    ]
    posted(board, customer, "Fresh one", hours_ago=1)
    assert send_new_idea_digests() == 1
    assert len(outbox_for(reader)) == 1 and outbox_for(no_email) == []
    assert no_email.new_idea_digest_sent_at > utcnow() - timedelta(minutes=1)  # its window moved on all the same
    for person in others:
        assert outbox_for(person) == []


def test_the_send_digests_command_queues_them_and_the_outbox_delivers(smtp, runner, board, customer, reader):
    posted(board, customer, "Offline <mode> & sync", hours_ago=1)
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0 and "Queued 1 digest email(s)." in result.output
    assert drain_outbox().sent == 1
    [message] = smtp.to("dana@example.com")
    assert message["Subject"] == "1 new idea to triage"
    assert "Offline <mode> & sync" in message.get_body(("plain",)).get_content()
    assert "Offline &lt;mode&gt; &amp; sync" in message.get_body(("html",)).get_content()
    assert runner.invoke(args=["send-digests"]).output.splitlines()[0] == "Queued 0 digest email(s)."

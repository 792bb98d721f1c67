"""An official reply reworded, deleted or hidden before its emails went out, over a real SMTP server."""
import pytest

from ideabox.comments import services
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote
from ideabox.notifications.mailer import drain_outbox
from tests.factories import make_idea, make_user
from tests.factories_notifications import outbox_for


@pytest.fixture
def reply(board, pm):
    """An official reply whose email to one backer waits in the outbox."""
    idea = make_idea(board, make_user(), title="Offline mode")
    backer = make_user(email="bea@example.com", display_name="Bea Backer")
    cast_vote(idea, backer)
    posted = add_comment(idea, pm, "We are designing this **in Q3**.")
    db.session.commit()
    return posted, backer


def text_of(mail) -> str:
    return mail.get_body(("plain",)).get_content()


def test_a_reworded_reply_goes_out_with_its_new_words(smtp, reply, pm):
    comment, backer = reply
    services.edit_comment(comment, pm, "We are designing this **in Q4**, sorry.")
    db.session.commit()
    [queued] = outbox_for(backer)
    assert "in Q4**, sorry." in queued.text_body and "<strong>in Q4</strong>, sorry." in queued.html_body
    # "in Q3", not "Q3": the random unsubscribe token in the links may hold those two letters
    assert "in Q3" not in queued.text_body + queued.html_body and "Hi Bea Backer," in queued.text_body
    assert drain_outbox().sent == 1
    [message] = smtp.to("bea@example.com")
    assert "in Q4**, sorry." in text_of(message) and "in Q3" not in text_of(message)


def test_an_email_already_sent_is_left_as_it_went(smtp, reply, pm):
    comment, backer = reply
    assert drain_outbox().sent == 1
    services.edit_comment(comment, pm, "We are designing this in Q4.")
    db.session.commit()
    [sent] = outbox_for(backer)
    assert "in Q3" in sent.text_body  # the record of what was sent
    assert drain_outbox().sent == 0 and len(smtp.messages) == 1  # and nothing goes out again


def test_a_deleted_reply_is_never_emailed(smtp, reply, pm):
    comment, backer = reply
    services.delete_comment(comment, pm)
    db.session.commit()
    assert outbox_for(backer) == [] and drain_outbox().sent == 0 and smtp.messages == []


def test_a_reply_hidden_before_it_went_out_is_not_emailed(smtp, reply, admin, pm):
    comment, backer = reply
    services.set_comment_hidden(comment, admin, True)
    db.session.commit()
    assert outbox_for(backer) == [] and drain_outbox().sent == 0


def test_deleting_after_the_send_keeps_the_sent_record(smtp, reply, pm):
    comment, backer = reply
    drain_outbox()
    services.delete_comment(comment, pm)
    db.session.commit()
    [sent] = outbox_for(backer)
    assert sent.sent_at is not None and sent.comment_id is None and "in Q3" in sent.text_body


def test_other_emails_of_the_backer_are_untouched(smtp, reply, board, pm):
    comment, backer = reply
    other = make_idea(board, make_user(), title="Dark mode")
    cast_vote(other, backer)
    add_comment(other, pm, "Dark mode is next.")
    db.session.commit()
    services.delete_comment(comment, pm)
    db.session.commit()
    assert [mail.subject for mail in outbox_for(backer)] == ["Official reply: Dark mode"]

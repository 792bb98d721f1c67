"""A status corrected without telling anyone, and a release note corrected or withdrawn, reach the emails not yet
sent: the mistaken news does not go out, a corrected note goes out corrected. Emails already sent stay as they
went."""
import pytest
from flask_babel import force_locale

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import IdeaStatus, Release
from ideabox.notifications.mailer import drain_outbox
from ideabox.roadmap.services import delete_release, edit_release
from ideabox.themes.services import create_theme, set_theme_status
from tests.factories import make_idea, make_user
from tests.factories_notifications import outbox_for


@pytest.fixture(autouse=True)
def default_locale(app):
    with app.test_request_context(), force_locale("en"):
        yield


@pytest.fixture
def backer(app):
    return make_user(display_name="Bea Backer", email="bea@example.com")


@pytest.fixture
def idea(board, customer, backer):
    idea = make_idea(board, customer, title="Offline mode", status=IdeaStatus.IN_PROGRESS)
    cast_vote(idea, backer)
    db.session.commit()
    return idea


def subjects(person, sent=False) -> list[str]:
    db.session.expire_all()
    return [email.subject for email in sorted(outbox_for(person), key=lambda email: email.id)
            if (email.sent_at is not None) == sent]


def test_a_quiet_correction_keeps_the_mistaken_status_email_from_going(idea, backer, pm):
    change_status(idea, IdeaStatus.SHIPPED, pm, note="Out in 4.2.")
    db.session.commit()
    assert subjects(backer) == ["Shipped: Offline mode"]
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, quiet=True)
    db.session.commit()
    assert subjects(backer) == []


def test_a_status_change_told_out_loud_leaves_the_earlier_email_to_go(idea, backer, pm):
    change_status(idea, IdeaStatus.SHIPPED, pm)
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, note="Sorry, not yet.")
    db.session.commit()
    assert subjects(backer) == ["Shipped: Offline mode", "In progress: Offline mode"]


def test_an_email_already_sent_stays_as_it_went(idea, backer, pm, smtp):
    change_status(idea, IdeaStatus.SHIPPED, pm)
    db.session.commit()
    drain_outbox()
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, quiet=True)
    db.session.commit()
    assert subjects(backer, sent=True) == ["Shipped: Offline mode"] and subjects(backer) == []


def test_withdrawing_a_release_note_drops_its_unsent_emails_and_only_those(idea, backer, pm, board, customer):
    other = make_idea(board, customer, title="Dark mode", status=IdeaStatus.IN_PROGRESS)
    cast_vote(other, backer)
    change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Work offline on the train.")
    change_status(other, IdeaStatus.SHIPPED, pm, release_note="Easy on the eyes.")
    db.session.commit()
    assert subjects(backer) == ["Shipped: Offline mode", "Shipped: Dark mode"]
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, quiet=True)  # withdraws its release note
    db.session.commit()
    assert subjects(backer) == ["Shipped: Dark mode"]
    delete_release(db.session.query(Release).one(), pm)
    db.session.commit()
    assert subjects(backer) == []


def test_a_sent_release_email_outlives_its_note(idea, backer, pm, smtp):
    change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Work offline on the train.")
    db.session.commit()
    drain_outbox()
    delete_release(db.session.query(Release).one(), pm)
    db.session.commit()
    [email] = [email for email in outbox_for(backer) if email.sent_at is not None]
    assert email.subject == "Shipped: Offline mode" and email.release_id is None


def test_a_corrected_release_note_goes_out_corrected_with_each_reader_s_reason(idea, backer, pm, app):
    fan = make_user(display_name="Fay Fan", email="fay@example.com", changelog_emails=True)
    change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Work ofline on the train.")
    db.session.commit()
    edit_release(db.session.query(Release).one(), pm, title="Offline mode", body="Work offline on the train.",
                 kind="new")
    db.session.commit()
    [to_backer], [to_fan] = outbox_for(backer), outbox_for(fan)
    for email in (to_backer, to_fan):
        assert "Work offline on the train." in email.text_body and "ofline" not in email.text_body
        assert "Hi " + ("Bea Backer" if email is to_backer else "Fay Fan") in email.text_body
    assert "because you voted for or follow this idea" in to_backer.text_body
    assert "because you subscribed to the changelog" in to_fan.text_body


def test_a_quiet_theme_correction_keeps_its_mistaken_status_email_from_going(idea, backer, pm):
    theme = create_theme("Offline", [idea], pm)
    set_theme_status(theme, IdeaStatus.SHIPPED, pm, release_note="Offline is here.")
    db.session.commit()
    assert subjects(backer) == ["Shipped: Offline"]
    set_theme_status(theme, IdeaStatus.PLANNED, pm, note="Soon.")
    db.session.commit()
    assert subjects(backer) == ["Planned: Offline"]  # the release note was withdrawn with Shipped
    set_theme_status(theme, IdeaStatus.IN_PROGRESS, pm, quiet=True)
    db.session.commit()
    assert subjects(backer) == []

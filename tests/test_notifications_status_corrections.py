"""A status corrected without telling anyone ("Tell nobody") takes back the in-app news the mistaken status gave,
as it drops its emails: read or not, nobody keeps "now Planned" for an idea that is not. What was announced before
the mistake stays, and so does a release note the PM chose to keep."""
import pytest

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import IdeaStatus
from ideabox.notifications.services import mark_all_read
from ideabox.themes.services import create_theme, set_theme_status
from tests.factories import make_idea
from tests.factories_notifications import notifications_for
from tests.test_notifications_unsent_corrections import backer, default_locale  # noqa: F401 (fixtures)


@pytest.fixture
def idea(board, customer, backer):
    idea = make_idea(board, customer, title="Offline mode", status=IdeaStatus.UNDER_REVIEW)
    cast_vote(idea, backer)
    db.session.commit()
    return idea


def messages(person) -> list[str]:
    db.session.expire_all()
    return sorted(notification.message for notification in notifications_for(person))


def test_a_quiet_correction_takes_back_the_mistaken_status_news_read_or_not(idea, backer, pm):
    change_status(idea, IdeaStatus.PLANNED, pm, note="For Q2.")
    db.session.commit()
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, note="Started!")  # set by mistake
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, note="Half done.")  # an update the team chose to post: it stays
    db.session.commit()
    mark_all_read(backer)
    db.session.commit()
    assert len(messages(backer)) == 3
    change_status(idea, IdeaStatus.PLANNED, pm, quiet=True)
    db.session.commit()
    assert messages(backer) == ["The team posted an update on “Offline mode”. Half done.",
                                "“Offline mode” is now Planned. For Q2."]


def test_a_correction_told_out_loud_keeps_what_came_before(idea, backer, pm):
    change_status(idea, IdeaStatus.PLANNED, pm)
    change_status(idea, IdeaStatus.UNDER_REVIEW, pm, note="Not yet, sorry.")
    db.session.commit()
    assert len(messages(backer)) == 2


def test_shipped_by_mistake_takes_back_its_shipped_news_unless_the_release_note_is_kept(idea, backer, pm):
    change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Work offline on the train.")
    db.session.commit()
    assert messages(backer) == ["Shipped: “Offline mode”."]
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, quiet=True, withdraw_releases=False)  # what shipped did go out
    db.session.commit()
    assert messages(backer) == ["Shipped: “Offline mode”."]
    change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Now for real.")
    db.session.commit()
    change_status(idea, IdeaStatus.IN_PROGRESS, pm, quiet=True)  # and this time its note is withdrawn
    db.session.commit()
    assert messages(backer) == ["Shipped: “Offline mode”."]


def test_a_quiet_theme_correction_takes_back_the_themes_mistaken_news(idea, backer, pm, board, customer):
    other = make_idea(board, customer, title="Offline sync")
    theme = create_theme("Offline", [idea, other], pm)
    set_theme_status(theme, IdeaStatus.PLANNED, pm, note="Next quarter.")
    db.session.commit()
    set_theme_status(theme, IdeaStatus.SHIPPED, pm, release_note="Offline is here.")
    db.session.commit()
    assert messages(backer) == ["Shipped: “Offline”.", "“Offline” is now Planned. Next quarter."]
    set_theme_status(theme, IdeaStatus.PLANNED, pm, quiet=True)
    db.session.commit()
    assert messages(backer) == ["“Offline” is now Planned. Next quarter."]

"""News of a theme reaches each person only through the ideas of it they may read: backing a private board's idea
or a withdrawn one of the theme is no way to hear what the team does with it."""
import pytest

from ideabox.extensions import db
from ideabox.ideas.services import toggle_follow, withdraw_idea
from ideabox.models import IdeaStatus
from ideabox.notifications.mailer import drain_outbox
from ideabox.roadmap.services import set_eta
from ideabox.themes.services import create_theme, set_theme_status
from tests.factories import make_idea, make_user
from tests.factories_merging import make_vote
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def theme(board, private_board, customer, other_customer, executive, pm):
    """“Dark mode” spans a public idea Casey backs and a private one that Olive (a customer who voted before it
    moved there) and an executive back; Bob backs both."""
    public = make_idea(board, make_user(), title="Dark mode for the web app")
    private = make_idea(private_board, make_user(role="pm"), title="Dark mode for our kiosk build")
    both = make_user(display_name="Bob Both")
    make_vote(public, customer)
    make_vote(public, both)
    for person in (other_customer, executive, both):
        make_vote(private, person)
    made = create_theme("Dark mode", [public, private], pm)
    db.session.commit()
    return made, both


def told(person) -> list[str]:
    return [notification.kind for notification in notifications_for(person)]


def test_a_theme_status_reaches_only_those_who_may_read_an_idea_they_back(smtp, theme, customer, other_customer,
                                                                          executive, pm):
    dark_mode, bob = theme
    set_theme_status(dark_mode, IdeaStatus.PLANNED, pm, note="Next quarter.")
    db.session.commit()
    assert told(customer) == told(executive) == told(bob) == ["status_changed"]  # Bob once, for the public idea
    assert told(other_customer) == [] and outbox_for(other_customer) == []
    drain_outbox()
    assert smtp.to(other_customer.email) == [] and len(smtp.to(customer.email)) == len(smtp.to(bob.email)) == 1


def test_a_withdrawn_idea_of_the_theme_counts_for_staff_only(board, theme, admin, pm):
    dark_mode, _ = theme
    withdrawn = make_idea(board, make_user(), title="Dark mode everywhere", theme_id=dark_mode.id)
    follower = make_user(display_name="Fay Follower")
    toggle_follow(withdrawn, follower)
    toggle_follow(withdrawn, admin)
    withdraw_idea(withdrawn, pm)
    db.session.commit()
    set_theme_status(dark_mode, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert told(follower) == [] and told(admin) == ["status_changed"]


def test_a_theme_eta_and_release_note_follow_the_same_rule(theme, customer, other_customer, executive, pm):
    set_eta(theme[0], "2099-03", pm)
    set_theme_status(theme[0], IdeaStatus.SHIPPED, pm, release_note="Dark mode is here.")
    db.session.commit()
    assert sorted(told(customer)) == ["eta", "released"] and sorted(told(executive)) == ["eta", "released"]
    assert told(other_customer) == [] and outbox_for(other_customer) == []


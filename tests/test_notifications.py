"""Who hears about what: fan-out to backers and followers through merges and themes, once each."""
import pytest

from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, change_status, move_idea, submit_idea, toggle_follow
from ideabox.merging.services import merge_ideas
from ideabox.models import IdeaStatus, Release
from ideabox.themes.services import create_theme, set_theme_status
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture(autouse=True)
def request_context(app):
    """Services translate their messages; Babel's locale selector reads the request."""
    with app.test_request_context():
        yield


@pytest.fixture
def family(board, pm):
    """A primary idea with two merged duplicates: one backed by Bea, one followed by Fred."""
    author = make_user(display_name="Ann Author")
    primary = make_idea(board, author, title="Dark mode")
    voted_dup = make_idea(board, author, title="Night theme please")
    followed_dup = make_idea(board, author, title="Black background")
    bea, fred, both = make_user(display_name="Bea"), make_user(display_name="Fred"), make_user(display_name="Bo")
    cast_vote(voted_dup, bea)
    toggle_follow(followed_dup, fred)
    cast_vote(primary, both)
    toggle_follow(voted_dup, both)
    merge_ideas(primary, [voted_dup, followed_dup], pm)
    db.session.commit()
    return primary, bea, fred, both


def test_status_change_on_primary_reaches_merged_backers_and_followers_once(family, pm):
    primary, bea, fred, both = family
    change_status(primary, IdeaStatus.PLANNED, pm, note="Coming next quarter.")
    db.session.commit()
    for person in (bea, fred, both):
        [notification] = notifications_for(person, "status_changed")
        assert "Dark mode" in notification.message and "Planned" in notification.message
        assert notification.link == f"/ideas/{primary.id}"
        status_mails = [m for m in outbox_for(person) if m.subject.startswith("Planned")]
        assert len(status_mails) == 1
        assert "Coming next quarter." in status_mails[0].text_body
    assert notifications_for(pm) == []
    assert outbox_for(pm) == []


def test_merge_tells_backers_of_the_duplicates_where_their_support_went(family):
    primary, bea, fred, both = family
    [told] = notifications_for(bea, "merged")
    assert "Night theme please" in told.message and "Dark mode" in told.message
    assert told.link == f"/ideas/{primary.id}"
    assert len(notifications_for(fred, "merged")) == 1
    assert len(notifications_for(both, "merged")) == 1  # follows a duplicate


def test_the_actor_is_never_notified_of_their_own_change(board, pm):
    idea = make_idea(board, make_user(), title="Export to CSV")
    toggle_follow(idea, pm)
    cast_vote(idea, pm)
    change_status(idea, IdeaStatus.UNDER_REVIEW, pm)
    db.session.commit()
    assert notifications_for(pm) == []
    assert outbox_for(pm) == []


def test_theme_status_change_reaches_everyone_behind_any_idea_once(board, pm):
    author = make_user()
    first, second = make_idea(board, author, title="SSO"), make_idea(board, author, title="SAML login")
    duplicate, other_duplicate = make_idea(board, author, title="Okta login"), make_idea(board, author, title="AD")
    voter, follower, dup_backer = make_user(display_name="Vic"), make_user(display_name="Flo"), make_user()
    cast_vote(first, voter)
    cast_vote(second, voter)  # backs two ideas of the theme: still told once
    toggle_follow(duplicate, follower)
    cast_vote(other_duplicate, dup_backer)
    cast_vote(first, dup_backer)
    merge_ideas(second, [duplicate], pm)
    merge_ideas(first, [other_duplicate], pm)
    theme = create_theme("Single sign-on", [first, second], pm)
    db.session.commit()
    set_theme_status(theme, IdeaStatus.IN_PROGRESS, pm, note="Engineers started.")
    db.session.commit()
    for person in (voter, follower, dup_backer):
        [notification] = notifications_for(person, "status_changed")
        assert "Single sign-on" in notification.message and "In progress" in notification.message
        assert notification.link == f"/roadmap/themes/{theme.id}"
        assert len([m for m in outbox_for(person) if m.subject.startswith("In progress")]) == 1
    assert notifications_for(pm) == []


def test_users_who_turned_email_off_get_in_app_only(board, pm):
    quiet = make_user(email_notifications=False)
    idea = make_idea(board, make_user())
    cast_vote(idea, quiet)
    change_status(idea, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert len(notifications_for(quiet, "status_changed")) == 1
    assert outbox_for(quiet) == []


def test_staff_reply_reaches_backers_by_email_and_customer_comment_reaches_followers_in_app(board, pm):
    idea = make_idea(board, make_user(), title="Webhooks")
    backer, follower = make_user(), make_user()
    cast_vote(idea, backer)
    toggle_follow(idea, follower)
    db.session.commit()
    add_comment(idea, pm, "We are **designing** this now.")
    db.session.commit()
    [reply] = notifications_for(backer, "official_reply")
    assert "Webhooks" in reply.message and reply.link.startswith(f"/ideas/{idea.id}#comment-")
    assert len(outbox_for(backer)) == 1 and len(outbox_for(follower)) == 1
    add_comment(idea, backer, "Great, thanks!")
    db.session.commit()
    assert len(notifications_for(follower, "comment")) == 1
    assert notifications_for(backer, "comment") == []  # the commenter is the actor
    assert len(notifications_for(pm, "comment")) == 1  # the PM follows since replying
    assert len(outbox_for(follower)) == 1  # comments are in-app only


def test_shipping_with_a_release_note_tells_everyone_once_with_the_note(family, pm):
    primary, bea, fred, both = family
    change_status(primary, IdeaStatus.SHIPPED, pm, release_note="Dark mode is **live** for everyone.")
    db.session.commit()
    [release] = db.session.scalars(db.select(Release)).all()
    assert (release.title, release.idea_id, release.author_id) == ("Dark mode", primary.id, pm.id)
    for person in (bea, fred, both):
        assert notifications_for(person, "status_changed") == []
        [shipped] = notifications_for(person, "released")
        assert "Dark mode" in shipped.message
        [mail] = [m for m in outbox_for(person) if m.subject.startswith("Shipped")]
        assert "Dark mode is **live** for everyone." in mail.text_body
        assert "<strong>live</strong>" in mail.html_body


def test_shipping_without_a_note_is_a_plain_status_change(board, pm):
    idea = make_idea(board, make_user(), title="Zapier")
    backer = make_user()
    cast_vote(idea, backer)
    change_status(idea, IdeaStatus.SHIPPED, pm)
    db.session.commit()
    assert len(notifications_for(backer, "status_changed")) == 1
    assert db.session.scalars(db.select(Release)).all() == []


def test_shipping_a_theme_with_a_release_note_publishes_one_release(board, pm):
    author = make_user()
    first, second = make_idea(board, author, title="Slack alerts"), make_idea(board, author, title="Teams alerts")
    fan = make_user()
    cast_vote(first, fan)
    cast_vote(second, fan)
    theme = create_theme("Chat integrations", [first, second], pm)
    set_theme_status(theme, IdeaStatus.SHIPPED, pm, release_note="Slack and Teams are in.")
    db.session.commit()
    [release] = db.session.scalars(db.select(Release)).all()
    assert (release.title, release.theme_id, release.body) == ("Chat integrations", theme.id, "Slack and Teams are in.")
    assert len(notifications_for(fan, "released")) == 1
    assert notifications_for(fan, "status_changed") == []
    assert len(outbox_for(fan)) == 1


def test_emails_carry_absolute_links_and_an_unsubscribe_link(board, pm, app):
    app.config["BASE_URL"] = "https://feedback.example.com"
    idea = make_idea(board, make_user(), title="API keys")
    backer = make_user()
    cast_vote(idea, backer)
    change_status(idea, IdeaStatus.PLANNED, pm)
    db.session.commit()
    [mail] = outbox_for(backer)
    assert f"https://feedback.example.com/ideas/{idea.id}" in mail.text_body
    assert f"https://feedback.example.com/notifications/unsubscribe/{backer.unsubscribe_token}" in mail.text_body
    assert f'href="https://feedback.example.com/ideas/{idea.id}"' in mail.html_body


def test_a_reply_s_screenshots_and_links_open_from_both_parts_of_the_email(board, pm, app):
    app.config["BASE_URL"] = "https://feedback.example.com"
    idea = make_idea(board, make_user(), title="API keys")
    backer = make_user()
    cast_vote(idea, backer)
    change_status(idea, IdeaStatus.PLANNED, pm, note="Looks like ![the mock-up](/uploads/Ab_1.png), see [the spec](/ideas/7)"
                                                     " or [our docs](https://docs.example.com/keys).")
    db.session.commit()
    [mail] = outbox_for(backer)
    assert ("> Looks like ![the mock-up](https://feedback.example.com/uploads/Ab_1.png), see "
            "[the spec](https://feedback.example.com/ideas/7) or [our docs](https://docs.example.com/keys).") in mail.text_body
    assert 'src="https://feedback.example.com/uploads/Ab_1.png"' in mail.html_body


def test_an_update_without_a_status_change_is_told_as_an_official_reply(board, pm):
    idea = make_idea(board, make_user(), title="Audit log", status=IdeaStatus.PLANNED)
    backer = make_user()
    cast_vote(idea, backer)
    change_status(idea, IdeaStatus.PLANNED, pm, note="Design review is **done**.")
    db.session.commit()
    [update] = notifications_for(backer)
    assert update.kind == "official_reply"
    assert update.message == "The team posted an update on “Audit log”. Design review is done."
    [mail] = outbox_for(backer)
    assert mail.subject == "Update: Audit log"


def test_the_team_hears_of_every_new_idea_unless_they_turn_it_off(board, pm, admin, executive, customer):
    quiet_pm = make_user(role="pm", display_name="Quinn Quiet", new_idea_notifications=False)
    unemailed_pm = make_user(role="pm", display_name="Una", email_notifications=False)
    idea = submit_idea(board, customer, "Offline mode", "We lose **signal** in basements.")
    db.session.commit()
    for person in (pm, admin):
        [told] = notifications_for(person, "new_idea")
        assert told.message == "Casey Customer posted “Offline mode” on Mobile app."
        assert told.link == f"/ideas/{idea.id}"
        [mail] = outbox_for(person)
        assert mail.subject == "New idea: Offline mode" and "<strong>signal</strong>" in mail.html_body
        assert "Turn it off in your account settings" in mail.text_body
    assert len(notifications_for(unemailed_pm, "new_idea")) == 1 and outbox_for(unemailed_pm) == []
    for person in (quiet_pm, executive, customer):
        assert notifications_for(person) == [] and outbox_for(person) == []


def test_a_pm_posting_an_idea_is_not_told_of_it(board, pm, admin):
    submit_idea(board, pm, "Bulk edit tasks")
    db.session.commit()
    assert notifications_for(pm) == []
    assert len(notifications_for(admin, "new_idea")) == 1


def test_backers_of_an_idea_moved_to_a_private_board_hear_nothing_more_of_it(board, private_board, pm, executive):
    """They may not open it any more: its status, the team's replies and comments stay with the team."""
    idea = make_idea(board, make_user(), title="Security audit log")
    backer, follower = make_user(display_name="Bea"), make_user(display_name="Fred")
    cast_vote(idea, backer)
    toggle_follow(idea, follower)
    toggle_follow(idea, executive)
    db.session.commit()
    move_idea(idea, private_board, pm)
    change_status(idea, IdeaStatus.PLANNED, pm, note="Scheduled with the pen test, under NDA.")
    add_comment(idea, pm, "Vendor picked: Acme.")
    db.session.commit()
    for outsider in (backer, follower):
        assert notifications_for(outsider) == [] and outbox_for(outsider) == []
    assert {n.kind for n in notifications_for(executive)} == {"status_changed", "official_reply"}

    move_idea(idea, board, pm)  # back in public: its audience hears of it again
    change_status(idea, IdeaStatus.IN_PROGRESS, pm)
    db.session.commit()
    assert [n.kind for n in notifications_for(backer)] == ["status_changed"]

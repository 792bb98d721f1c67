"""Who hears of a merge and of its undoing, and what they are told (QA): followers hear of an undo as they heard of
the merge; a chain of merges reaches the backers of what came along; each person hears of the ideas they backed."""
import pytest

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, toggle_follow
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import utcnow
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def person(name):
    return make_user(display_name=name, email=f"{name.lower().replace(' ', '.')}@example.com")


def messages(user, kind="merged"):
    return [told.stored_message for told in notifications_for(user, kind)]


def unsent(user):
    db.session.expire_all()
    return [email for email in outbox_for(user) if email.sent_at is None]


# --- 3. an undo reaches the followers the merge reached ---------------------------------------------


@pytest.fixture
def a_and_b(board):
    author = person("Ann Author")
    return make_idea(board, author, title="Slack alerts"), make_idea(board, author, title="Notify Slack channel")


def test_a_follower_who_never_voted_hears_of_the_undo_and_gets_no_merge_email(a_and_b, pm):
    a, b = a_and_b
    voter, follower = person("Val Voter"), person("Fay Follower")
    cast_vote(b, voter)
    toggle_follow(b, follower)
    [merge] = merge_ideas(a, [b], pm)
    db.session.commit()
    assert [email.subject for email in unsent(follower)] == ["Merged into: Slack alerts"]
    undo_merge(merge, pm)
    db.session.commit()
    assert unsent(follower) == [] and unsent(voter) == []
    assert messages(follower, "unmerged") == ["“Notify Slack channel” is separate again; you still follow it."]
    assert messages(voter, "unmerged") == ["“Notify Slack channel” is separate again; your vote is back on it."]


def slack_trio(board):
    """Three ideas by one author: the kept one and two duplicates of it."""
    author = person("Ann Author")
    return [make_idea(board, author, title=title) for title in ("Slack alerts", "Slack pings", "Slack messages")]


def test_an_undo_rewrites_the_unsent_email_of_one_who_still_backs_another_idea_of_the_merge(board, pm):
    a, b, c = slack_trio(board)
    both = person("Bea Both")
    toggle_follow(b, both)
    cast_vote(c, both)
    [undone, _] = merge_ideas(a, [b, c], pm)
    db.session.commit()
    undo_merge(undone, pm)
    db.session.commit()
    [email] = unsent(both)
    assert "“Slack messages” was merged into “Slack alerts”" in email.text_body
    assert "Slack pings" not in email.text_body
    assert messages(both, "unmerged") == ["“Slack pings” is separate again; you still follow it."]


def test_a_merge_email_already_sent_is_not_told_again_by_an_undo(board, pm):
    a, b, c = slack_trio(board)
    both = person("Bea Both")
    cast_vote(b, both)
    cast_vote(c, both)
    merge_ideas(a, [c], pm)
    db.session.commit()
    [sent] = unsent(both)
    sent.sent_at = utcnow()
    [merge] = merge_ideas(a, [b], pm)
    db.session.commit()
    undo_merge(merge, pm)
    db.session.commit()
    assert unsent(both) == []  # "Slack messages" was told already; "Slack pings" is separate again


# --- 4. a chain of merges -----------------------------------------------------------------------------


@pytest.fixture
def chain(board):
    author = person("Ann Author")
    return [make_idea(board, author, title=title) for title in ("Gantt view", "Timeline view", "Roadmap bars")]


def test_backers_of_an_idea_merged_before_hear_where_it_counts_now(chain, pm):
    g, f, e = chain
    eve, fred, fern = person("Eve E"), person("Fred F"), person("Fern Follower")
    cast_vote(e, eve)
    toggle_follow(e, fern)
    cast_vote(f, fred)
    merge_ideas(f, [e], pm)
    db.session.commit()
    merge_ideas(g, [f], pm)
    db.session.commit()
    assert messages(eve) == [
        "“Roadmap bars” was merged into “Timeline view” — your support now counts there.",
        "“Roadmap bars” was merged into “Gantt view” — your support now counts there."]
    assert messages(fern)[-1] == "“Roadmap bars” was merged into “Gantt view” — your support now counts there."
    assert messages(fred) == ["“Timeline view” was merged into “Gantt view” — your support now counts there."]
    # the email about Timeline view, itself merged since, gives way to the one about Gantt view
    assert [email.subject for email in unsent(eve)] == ["Merged into: Gantt view"]
    assert [email.subject for email in unsent(fern)] == ["Merged into: Gantt view"]


def test_one_who_backs_both_hears_once(chain, pm):
    g, f, e = chain
    both = person("Bob Both")
    cast_vote(e, both)
    cast_vote(f, both)
    merge_ideas(f, [e], pm)
    merge_ideas(g, [f], pm)
    db.session.commit()
    assert messages(both)[-1] == (
        "“Timeline view” and “Roadmap bars” were merged into “Gantt view” — your support now counts there.")
    assert len(messages(both)) == 2
    assert [email.subject for email in unsent(both)] == ["Merged into: Gantt view"]


# --- 6. each hears of the ideas they backed -----------------------------------------------------------


def test_a_backer_of_one_of_the_merged_ideas_hears_of_that_one_only(board, pm):
    author = person("Ann Author")
    keep, icon, dark = (make_idea(board, author, title=title)
                        for title in ("Dark theme", "Dark app icon option", "Dark mode"))
    only_dark, both = person("Dee Dark"), person("Bo Both")
    cast_vote(dark, only_dark)
    cast_vote(icon, both)
    toggle_follow(dark, both)
    merge_ideas(keep, [icon, dark], pm)
    db.session.commit()
    assert messages(only_dark) == ["“Dark mode” was merged into “Dark theme” — your support now counts there."]
    [email] = unsent(only_dark)
    assert "Dark app icon option" not in email.text_body + email.html_body
    assert messages(both) == [
        "“Dark app icon option” and “Dark mode” were merged into “Dark theme” — your support now counts there."]

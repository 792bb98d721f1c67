"""Merges told in good grammar, in the reader's language, and undone merges told to the people whose vote comes
back or who follow the idea."""
import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.ideas.services import cast_vote, toggle_follow
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import User, Vote
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def ideas(board):
    """Dark mode and three duplicates, each backed by someone of its own."""
    author = make_user(display_name="Ann Author")
    titles = ["Dark mode", "Dark app icon option", "Night theme", "Black background"]
    made = [make_idea(board, author, title=title) for title in titles]
    for idea in made[1:]:
        cast_vote(idea, make_user(display_name=f"Backer of {idea.title}"))
    db.session.commit()
    return made


def merge_message(person) -> str:
    [told] = notifications_for(person, "merged")
    return told.stored_message  # as written in the person's own language


def voters(idea) -> list:
    """The people who voted for the idea itself."""
    return db.session.scalars(select(User).join(Vote, Vote.user_id == User.id).where(Vote.idea_id == idea.id)).all()


def test_one_idea_merged_is_told_in_the_singular_several_in_the_plural(ideas, pm):
    primary, icon, night, black = ideas
    supporter = make_user(display_name="Sue Supporter")
    for idea in (icon, night, black):
        toggle_follow(idea, supporter)
    merge_ideas(primary, [icon, night], pm)
    db.session.commit()
    assert merge_message(supporter) == (
        "“Dark app icon option” and “Night theme” were merged into “Dark mode” — your support now counts there.")
    [icon_backer] = voters(icon)
    assert merge_message(icon_backer) == (  # of the idea they backed only
        "“Dark app icon option” was merged into “Dark mode” — your support now counts there.")
    merge_ideas(primary, [black], pm)
    db.session.commit()
    [black_backer] = voters(black)
    assert merge_message(black_backer) == (
        "“Black background” was merged into “Dark mode” — your support now counts there.")
    assert len(notifications_for(supporter, "merged")) == 2


def test_three_or_more_are_listed_as_the_language_lists_them(ideas, pm):
    primary, *duplicates = ideas
    backer = make_user(display_name="Sue Supporter")
    for idea in duplicates:
        toggle_follow(idea, backer)
    merge_ideas(primary, duplicates, pm)
    db.session.commit()
    assert merge_message(backer).startswith(
        "“Dark app icon option”, “Night theme”, and “Black background” were merged into “Dark mode”")


def test_a_reader_in_another_language_gets_the_list_joined_their_way(ideas, pm):
    primary, icon, night, _ = ideas
    french = make_user(display_name="Françoise", locale="fr")
    cast_vote(icon, french)
    cast_vote(night, french)
    merge_ideas(primary, [icon, night], pm)
    db.session.commit()
    assert "« Dark app icon option » et « Night theme »" in merge_message(french)  # French quotes too


# --- undoing a merge ------------------------------------------------------------------------------


def test_undoing_a_merge_tells_its_voters_their_vote_is_back(ideas, pm, customer):
    primary, icon, night, _ = ideas
    toggle_follow(icon, customer)  # follows without voting: told apart
    [undone, kept] = merge_ideas(primary, [icon, night], pm)
    db.session.commit()
    undo_merge(undone, pm)
    db.session.commit()
    [icon_backer], [night_backer] = voters(icon), voters(night)
    [told] = notifications_for(icon_backer, "unmerged")
    assert told.message == "“Dark app icon option” is separate again; your vote is back on it."
    assert told.link == f"/ideas/{icon.id}" and told.idea_id == icon.id
    assert notifications_for(night_backer, "unmerged") == []  # still merged
    assert [n.message for n in notifications_for(customer, "unmerged")] == [
        "“Dark app icon option” is separate again; you still follow it."]
    assert notifications_for(pm, "unmerged") == []


def test_voters_of_the_ideas_it_had_absorbed_hear_it_too(ideas, pm):
    primary, icon, night, _ = ideas
    merge_ideas(icon, [night], pm)  # night's vote counts on icon …
    [merge] = merge_ideas(primary, [icon], pm)  # … then on Dark mode
    db.session.commit()
    undo_merge(merge, pm)
    db.session.commit()
    [night_backer] = voters(night)
    assert [n.message for n in notifications_for(night_backer, "unmerged")] == [
        "“Dark app icon option” is separate again; your vote is back on it."]


def test_an_undone_merge_s_unsent_email_does_not_go_out(ideas, pm, other_customer):
    primary, icon, night, _ = ideas
    cast_vote(night, other_customer)
    toggle_follow(icon, other_customer)
    [undone, _] = merge_ideas(primary, [icon, night], pm)
    db.session.commit()
    [icon_backer] = voters(icon)
    assert [email.subject for email in outbox_for(icon_backer)] == ["Merged into: Dark mode"]
    undo_merge(undone, pm)
    db.session.commit()
    db.session.expire_all()
    assert outbox_for(icon_backer) == []  # the in-app note says it instead
    assert [email.subject for email in outbox_for(other_customer)] == ["Merged into: Dark mode"]  # night's stays

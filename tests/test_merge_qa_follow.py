"""Following an idea that is then merged: the kept idea's Follow button says so and stops the emails (QA: Bo followed
#344, merged into #343; #343 said "Follow", and Follow then Unfollow left him receiving #343's status emails)."""
import pytest
from sqlalchemy import select

from ideabox.backers import follower_user_ids
from ideabox.extensions import db
from ideabox.ideas.queries import is_following
from ideabox.ideas.services import change_status, toggle_follow
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import Follow, Idea
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_notifications import outbox_for


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def bo(app):
    return make_user(display_name="Bo", email="bo@example.com")


@pytest.fixture
def merged_pair(board, customer, pm, bo):
    """#343 and #344, Bo following #344 only, then #344 merged into #343."""
    kept = make_idea(board, customer, title="Bulk edit")
    duplicate = make_idea(board, customer, title="Edit many at once")
    toggle_follow(duplicate, bo)
    [merge] = merge_ideas(kept, [duplicate], pm)
    db.session.commit()
    return kept, duplicate, merge


def follows_of(user) -> set[int]:
    return set(db.session.scalars(select(Follow.idea_id).where(Follow.user_id == user.id)))


def test_a_follow_on_a_merged_duplicate_shows_on_the_kept_idea(merged_pair, bo):
    kept, _, _ = merged_pair
    assert is_following(bo, kept)


def test_the_kept_idea_page_shows_following(client, merged_pair, bo):
    kept, _, _ = merged_pair
    login(client, bo)
    page = client.get(f"/ideas/{kept.id}").get_data(as_text=True)
    assert 'aria-pressed="true"' in page and 'name="want" value="0"' in page


def test_unfollowing_the_kept_idea_stops_the_whole_family(merged_pair, bo):
    kept, duplicate, _ = merged_pair
    assert toggle_follow(kept, bo) is False  # he followed it (through #344): the click unfollows
    db.session.commit()
    assert follows_of(bo) == set()
    assert bo.id not in db.session.scalars(follower_user_ids(kept.id)).all()
    assert not is_following(bo, kept)


def test_the_button_s_wanted_state_reads_the_family(merged_pair, bo):
    kept, _, _ = merged_pair
    assert toggle_follow(kept, bo, wanted=True) is True  # already following: nothing changes
    assert follows_of(bo) == {merged_pair[1].id}
    assert toggle_follow(kept, bo, wanted=False) is False
    assert follows_of(bo) == set()


def test_unfollowing_over_http_stops_the_status_emails(client, merged_pair, bo, pm):
    kept, _, _ = merged_pair
    login(client, bo)
    client.post_form(f"/ideas/{kept.id}/follow", {"want": "0"})
    db.session.expire_all()
    assert follows_of(bo) == set()
    change_status(db.session.get(Idea, kept.id), "planned", pm)
    db.session.commit()
    assert [email.kind for email in outbox_for(bo)] == ["merged"]  # the merge's news, and no status email


def test_undoing_the_merge_leaves_a_follower_who_stayed_following_the_duplicate(merged_pair, bo, pm):
    kept, duplicate, merge = merged_pair
    undo_merge(merge, pm)
    db.session.commit()
    assert is_following(bo, duplicate) and not is_following(bo, kept)


def test_one_who_unfollowed_follows_neither_after_an_undo(merged_pair, bo, pm):
    kept, duplicate, merge = merged_pair
    toggle_follow(kept, bo)
    undo_merge(merge, pm)
    db.session.commit()
    assert not is_following(bo, duplicate) and not is_following(bo, kept)

"""The ideas services without HTTP: submit, edit, withdraw, votes, comments, follows, statuses."""
from datetime import timedelta

import pytest
from sqlalchemy import func, select, text

from ideabox import signals
from ideabox.backers import recount
from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas import services
from ideabox.models import Comment, Follow, Idea, IdeaStatus, StatusChange, Vote, utcnow
from ideabox.models.idea import BODY_MAX, COMMENT_MAX, TITLE_MAX
from tests import factories
from tests.factories_ideas import add_votes


@pytest.fixture(autouse=True)
def request_context(app):
    """Domain messages are translated, and Flask-Babel picks the language per request."""
    with app.test_request_context():
        yield


@pytest.fixture
def received():
    """Collect the signals the services send during a test."""
    events = []

    def make_listener(name):
        def listener(sender, **kwargs):
            events.append((name, sender, kwargs))

        return listener

    listeners = {
        name: make_listener(name)
        for name in ("idea_submitted", "idea_edited", "idea_withdrawn", "idea_status_changed", "comment_added")
    }
    for name, listener in listeners.items():
        getattr(signals, name).connect(listener)
    yield events
    for name, listener in listeners.items():
        getattr(signals, name).disconnect(listener)


def votes_on(idea):
    return db.session.scalar(select(func.count()).select_from(Vote).where(Vote.idea_id == idea.id))


def test_submit_idea_casts_the_authors_vote_and_follows(board, customer, received):
    tag = factories.make_tag("Exports")
    idea = services.submit_idea(board, customer, "  Export   to CSV ", "Please **export**.", [tag])
    db.session.commit()
    assert idea.title == "Export to CSV"
    assert idea.tags == [tag]
    assert (idea.vote_count, idea.backer_count, idea.status) == (1, 1, IdeaStatus.OPEN)
    assert db.session.get(Follow, (customer.id, idea.id)) is not None
    assert received == [("idea_submitted", idea, {"actor": customer})]


@pytest.mark.parametrize(
    "title, body, message",
    [("   ", "", "title"), ("x" * (TITLE_MAX + 1), "", "at most"), ("Fine title", "x" * (BODY_MAX + 1), "at most")],
)
def test_submit_idea_refuses_bad_input_and_stores_nothing(board, customer, title, body, message):
    with pytest.raises(DomainError, match=message):
        services.submit_idea(board, customer, title, body)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0


def test_customers_cannot_post_on_private_boards(private_board, customer, pm):
    with pytest.raises(NotFound):
        services.submit_idea(private_board, customer, "Secret plan")
    assert services.submit_idea(private_board, pm, "Secret plan").id


def test_vote_unvote_and_counts(board, customer, other_customer):
    idea = factories.make_idea(board, customer)
    assert services.toggle_vote(idea, other_customer) is True
    assert (idea.vote_count, idea.backer_count) == (1, 1)
    assert services.toggle_vote(idea, other_customer) is False
    assert (idea.vote_count, idea.backer_count) == (0, 0)
    assert services.retract_vote(idea, other_customer) is False


def test_duplicate_vote_is_treated_as_already_voted(board, customer, other_customer):
    idea = factories.make_idea(board, customer)
    assert services.cast_vote(idea, other_customer) is True
    assert services.cast_vote(idea, other_customer) is False
    db.session.commit()
    assert votes_on(idea) == 1
    assert idea.backer_count == 1


def test_vote_committed_by_a_concurrent_request_does_not_raise(app, board, customer, other_customer):
    idea = factories.make_idea(board, customer)
    # Another request commits the same vote on its own connection, as in a double-click race.
    with db.engine.begin() as other_connection:
        other_connection.execute(
            text("INSERT INTO votes (idea_id, user_id, created_at) VALUES (:idea, :user, :now)"),
            {"idea": idea.id, "user": other_customer.id, "now": utcnow().strftime("%Y-%m-%d %H:%M:%S.%f")},
        )
    assert services.cast_vote(idea, other_customer) is False
    db.session.commit()
    assert votes_on(idea) == 1 and idea.backer_count == 1


def test_a_backer_of_a_merged_duplicate_counts_once_on_the_primary(board, customer, other_customer):
    primary = factories.make_idea(board, customer)
    duplicate = factories.make_idea(board, customer, merged_into_id=primary.id)
    add_votes(duplicate, 1, voters=[other_customer])
    services.cast_vote(primary, other_customer)
    assert (primary.vote_count, primary.backer_count) == (1, 1)


def test_backing_a_merged_duplicate_shows_as_voted_and_one_click_withdraws_it(board, customer, other_customer):
    from ideabox.ideas.queries import has_voted, voted_idea_ids

    primary = factories.make_idea(board, customer)
    duplicate = factories.make_idea(board, customer, merged_into_id=primary.id)
    add_votes(duplicate, 1, voters=[other_customer])
    recount(primary)
    assert voted_idea_ids(other_customer, [primary.id]) == {primary.id} and has_voted(other_customer, primary)
    assert primary.backer_count == 1
    assert services.toggle_vote(primary, other_customer) is False
    assert votes_on(duplicate) == 0 and (duplicate.vote_count, primary.backer_count) == (0, 0)
    assert not has_voted(other_customer, primary)
    assert services.toggle_vote(primary, other_customer) is True
    assert (primary.vote_count, primary.backer_count) == (1, 1)


def test_withdrawn_and_merged_ideas_take_no_votes(board, customer, other_customer, pm):
    withdrawn = factories.make_idea(board, customer, withdrawn_at=utcnow())
    primary = factories.make_idea(board, customer)
    merged = factories.make_idea(board, customer, merged_into_id=primary.id)
    with pytest.raises(NotFound):
        services.toggle_vote(withdrawn, other_customer)
    with pytest.raises(DomainError, match="withdrawn"):
        services.toggle_vote(withdrawn, pm)
    with pytest.raises(DomainError, match="merged"):
        services.toggle_vote(merged, other_customer)


def test_private_board_ideas_take_no_votes_from_customers(private_board, pm, customer, executive):
    idea = factories.make_idea(private_board, pm)
    with pytest.raises(NotFound):
        services.cast_vote(idea, customer)
    assert services.cast_vote(idea, executive) is True


def test_author_edits_until_someone_else_votes(board, customer, other_customer, received):
    idea = services.submit_idea(board, customer, "Dark mode")
    services.edit_idea(idea, customer, "Dark mode everywhere", "Also in emails")
    assert (idea.title, idea.body) == ("Dark mode everywhere", "Also in emails")
    assert received[-1] == ("idea_edited", idea, {"actor": customer})
    services.cast_vote(idea, other_customer)
    with pytest.raises(PermissionDenied):
        services.edit_idea(idea, customer, "Something else entirely")
    with pytest.raises(PermissionDenied):
        services.withdraw_idea(idea, customer)
    assert idea.title == "Dark mode everywhere"


def test_others_cannot_edit_but_staff_can(board, customer, other_customer, pm, executive):
    idea = services.submit_idea(board, customer, "Dark mode")
    for outsider in (other_customer, executive):
        with pytest.raises(PermissionDenied):
            services.edit_idea(idea, outsider, "Hijacked")
    services.edit_idea(idea, pm, "Dark mode (theme setting)")
    assert idea.title == "Dark mode (theme setting)"


def test_withdraw_hides_the_idea_once(board, customer, received):
    idea = services.submit_idea(board, customer, "Dark mode")
    services.withdraw_idea(idea, customer)
    assert idea.withdrawn_at is not None and not idea.is_visible
    assert received[-1] == ("idea_withdrawn", idea, {"actor": customer})
    with pytest.raises(DomainError, match="already"):
        services.withdraw_idea(idea, customer)


def test_add_comment_counts_follows_and_signals(board, customer, other_customer, received):
    idea = factories.make_idea(board, customer)
    comment = services.add_comment(idea, other_customer, "  Me too, daily.  ")
    db.session.commit()
    assert comment.body == "Me too, daily."
    assert idea.comment_count == 1
    assert db.session.get(Follow, (other_customer.id, idea.id)) is not None
    assert received == [("comment_added", comment, {"actor": other_customer})]


@pytest.mark.parametrize("body", ["", "   ", "x" * (COMMENT_MAX + 1)])
def test_bad_comments_are_refused(board, customer, body):
    idea = factories.make_idea(board, customer)
    with pytest.raises(DomainError):
        services.add_comment(idea, customer, body)
    db.session.rollback()
    assert db.session.scalar(select(func.count()).select_from(Comment)) == 0
    assert db.session.get(Idea, idea.id).comment_count == 0


def test_toggle_follow(board, customer, other_customer):
    idea = factories.make_idea(board, customer)
    assert services.toggle_follow(idea, other_customer) is True
    assert services.toggle_follow(idea, other_customer) is False
    assert db.session.get(Follow, (other_customer.id, idea.id)) is None


def test_change_status_records_history_and_signals(board, customer, pm, received):
    idea = factories.make_idea(board, customer)
    first = services.change_status(idea, "planned", pm, note="On the Q3 plan.")
    second = services.change_status(idea, IdeaStatus.SHIPPED, pm, release_note="Now in 2.4")
    db.session.commit()
    history = db.session.scalars(select(StatusChange).order_by(StatusChange.id)).all()
    assert [(c.from_status, c.to_status, c.note, c.changed_by_id) for c in history] == [
        (IdeaStatus.OPEN, IdeaStatus.PLANNED, "On the Q3 plan.", pm.id),
        (IdeaStatus.PLANNED, IdeaStatus.SHIPPED, "", pm.id),
    ]
    assert idea.status == IdeaStatus.SHIPPED
    assert received[0] == ("idea_status_changed", idea, {"change": first, "actor": pm, "release_note": "", "quiet": False})
    assert received[1] == ("idea_status_changed", idea, {"change": second, "actor": pm, "release_note": "Now in 2.4", "quiet": False})


def test_same_status_needs_a_reply(board, customer, pm):
    idea = factories.make_idea(board, customer)
    with pytest.raises(DomainError, match="already"):
        services.change_status(idea, "open", pm)
    change = services.change_status(idea, "open", pm, note="Still collecting feedback.")
    assert change.from_status == change.to_status == IdeaStatus.OPEN


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_only_staff_change_status(board, customer, role):
    idea = factories.make_idea(board, customer)
    actor = factories.make_user(role=role)
    with pytest.raises(PermissionDenied):
        services.change_status(idea, "planned", actor)
    assert idea.status == IdeaStatus.OPEN


def test_bad_status_value_is_refused(board, customer, admin):
    idea = factories.make_idea(board, customer)
    with pytest.raises(DomainError, match="statuses"):
        services.change_status(idea, "done-ish", admin)
    with pytest.raises(DomainError, match="too long"):
        services.change_status(idea, "planned", admin, note="x" * (COMMENT_MAX + 1))
    assert db.session.scalar(select(func.count()).select_from(StatusChange)) == 0


def test_old_vote_rows_keep_timezone(board, customer):
    idea = factories.make_idea(board, customer)
    add_votes(idea, 1, hours_ago=30)
    vote = db.session.scalars(select(Vote)).one()
    assert utcnow() - vote.created_at > timedelta(hours=29)

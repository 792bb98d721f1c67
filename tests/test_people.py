"""Reputation and the people pages: each rule, kept current by every event that changes it, and what a profile
shows to whom."""
import importlib.util
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select, text, update

from ideabox.comments.reactions import toggle_reaction
from ideabox.comments.services import delete_comment, set_comment_hidden
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote, change_status, retract_vote, submit_idea, withdraw_idea
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import Idea, IdeaStatus, Merge, Role, User, utcnow
from ideabox.moderation.services import WITHDRAW, decide, report
from ideabox.people import reputation
from ideabox.themes.services import create_theme, set_theme_status
from tests import factories
from tests.conftest import login


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield


def points(user) -> int:
    db.session.expire_all()
    return db.session.get(User, user.id).reputation


def voters(count):
    return [factories.make_user() for _ in range(count)]


def test_each_other_person_backing_an_idea_earns_its_author_a_point(context, board, customer):
    idea = submit_idea(board, customer, "Offline mode")
    db.session.commit()
    assert points(customer) == 0  # their own vote counts nothing
    backers = voters(3)
    for backer in backers:
        cast_vote(idea, backer)
    db.session.commit()
    assert points(customer) == 3
    retract_vote(idea, backers[0])
    db.session.commit()
    assert points(customer) == 2


def test_adoption_earns_ten_and_shipping_twenty_five_once(context, board, customer, pm):
    idea = submit_idea(board, customer, "Offline mode")
    db.session.commit()
    for status, expected in [(IdeaStatus.UNDER_REVIEW, 0), (IdeaStatus.PLANNED, 10), (IdeaStatus.IN_PROGRESS, 10),
                             (IdeaStatus.SHIPPED, 25), (IdeaStatus.DECLINED, 0)]:
        change_status(idea, status, pm)
        db.session.commit()
        assert points(customer) == expected, status


def test_a_theme_shipping_rewards_every_author_in_it(context, board, customer, other_customer, pm):
    first = submit_idea(board, customer, "Offline lists")
    second = submit_idea(board, other_customer, "Offline photos")
    theme = create_theme("Offline", [first, second], pm)
    db.session.commit()
    set_theme_status(theme, IdeaStatus.SHIPPED, pm)
    db.session.commit()
    assert (points(customer), points(other_customer)) == (25, 25)


def test_a_merged_duplicates_author_shares_the_adoption_until_the_merge_is_undone(context, board, customer,
                                                                                   other_customer, pm):
    primary = submit_idea(board, customer, "Offline mode")
    duplicate = submit_idea(board, other_customer, "Work offline")
    db.session.commit()
    change_status(primary, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert points(other_customer) == 0
    merge_ideas(primary, [duplicate], pm)
    db.session.commit()
    assert (points(customer), points(other_customer)) == (10, 10)
    change_status(primary, IdeaStatus.SHIPPED, pm)
    db.session.commit()
    assert points(other_customer) == 25
    undo_merge(db.session.scalar(select(Merge)), pm)
    db.session.commit()
    assert (points(customer), points(other_customer)) == (25, 0)


def test_withdrawing_an_idea_gives_up_its_points(context, board, customer, pm):
    idea = submit_idea(board, customer, "Offline mode")
    db.session.commit()
    change_status(idea, IdeaStatus.PLANNED, pm)
    db.session.commit()
    assert points(customer) == 10
    withdraw_idea(idea, customer)
    db.session.commit()
    assert points(customer) == 0


def test_reactions_count_once_per_person_and_comment_and_not_on_hidden_comments(context, board, customer,
                                                                                other_customer, pm):
    idea = submit_idea(board, other_customer, "Offline mode")
    comment = add_comment(idea, customer, "Please, for the train.")
    db.session.commit()
    fan = factories.make_user()
    for kind in ("thumbs_up", "heart", "tada"):
        toggle_reaction(comment, fan, kind)
    toggle_reaction(comment, customer, "heart")  # their own: nothing
    db.session.commit()
    assert points(customer) == 1
    toggle_reaction(comment, pm, "thumbs_up")
    db.session.commit()
    assert points(customer) == 2
    set_comment_hidden(comment, pm, True)
    db.session.commit()
    assert points(customer) == 0
    set_comment_hidden(comment, pm, False)
    db.session.commit()
    assert points(customer) == 2
    withdraw_idea(idea, other_customer)  # the idea it answers is taken down, and its comments with it
    db.session.commit()
    assert points(customer) == 0 and reputation.breakdown(customer).reactions == 0
    db.session.execute(update(User).values(reputation=0))
    db.session.commit()
    assert _recount_by_migration()[customer.id] == 0


def test_deleting_a_comment_gives_up_its_reactions(context, board, customer, other_customer, pm):
    idea = submit_idea(board, other_customer, "Offline mode")
    comment = add_comment(idea, customer, "Please, for the train.")
    toggle_reaction(comment, pm, "thumbs_up")
    db.session.commit()
    assert points(customer) == 1
    delete_comment(comment, customer)
    db.session.commit()
    assert points(customer) == 0


def test_a_rolled_back_vote_leaves_reputation_as_it_was(context, board, customer):
    idea = submit_idea(board, customer, "Offline mode")
    db.session.commit()
    cast_vote(idea, factories.make_user())
    db.session.rollback()
    factories.make_user()  # the next commit, with the rolled-back person still pending, recomputes it exactly
    assert points(customer) == 0


def _migration_recount() -> str:
    """The SQL of the latest migration recounting everyone's reputation (0027 first, 0043 without withdrawn votes,
    0046 without the reactions under withdrawn ideas)."""
    path = Path(__file__).resolve().parent.parent / "migrations" / "versions" / \
        "0046_reputation_without_withdrawn_reactions.py"
    spec = importlib.util.spec_from_file_location("reputation_migration", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.RECOUNT


def _recount_by_migration() -> dict[int, int]:
    """Everyone's reputation as the latest recounting migration counts it."""
    db.session.execute(text(_migration_recount()))
    db.session.commit()
    return dict(db.session.execute(select(User.id, User.reputation)).all())


def test_the_command_and_the_migration_agree_with_the_live_counts(context, runner):
    from ideabox.demo.services import seed_demo

    seed_demo(idea_count=60)
    db.session.commit()
    backed = db.session.scalars(select(Idea).where(Idea.vote_count > 3, Idea.merged_into_id.is_(None))).first()
    with current_app.test_request_context():
        commenter, fan = factories.make_user(), factories.make_user()
        toggle_reaction(add_comment(backed, commenter, "Same here."), fan, "heart")
        db.session.commit()
        assert points(commenter) == 1
        withdraw_idea(backed, db.session.scalars(select(User).where(User.role == Role.ADMIN)).first())
    db.session.commit()  # its backers' points leave its author, the reactions under it their comments' authors
    assert points(commenter) == 0
    live = dict(db.session.execute(select(User.id, User.reputation)).all())
    assert sum(live.values()) > 100 and len([value for value in live.values() if value]) > 10
    db.session.execute(update(User).values(reputation=0))
    db.session.commit()
    result = runner.invoke(args=["recompute-reputation"])
    assert result.exit_code == 0 and f"Recomputed the reputation of {len(live)} people." in result.output
    assert dict(db.session.execute(select(User.id, User.reputation)).all()) == live
    db.session.execute(update(User).values(reputation=0))
    assert _recount_by_migration() == live


def test_the_leaderboard_ranks_people_and_leaves_out_suspended_and_erased_ones(client, context, board, pm):
    people = [factories.make_user(display_name=name) for name in ("Ana", "Ben", "Cy", "Dee", "Eve")]
    for person, (backers, status) in zip(people, [(2, IdeaStatus.SHIPPED), (5, None), (1, None), (3, None),
                                                   (0, None)]):
        idea = factories.make_idea(board, person, title=f"{person.display_name}'s idea")
        for backer in voters(backers):
            cast_vote(idea, backer)
        if status:
            change_status(idea, status, pm)
    people[2].is_suspended = True
    people[3].erased_at = utcnow()
    db.session.commit()
    page = client.get("/people").get_data(as_text=True)
    names = [name for name in ("Ana", "Ben", "Cy", "Dee", "Eve") if f">{name}</a>" in page]
    assert names == ["Ana", "Ben"] and page.index(">Ana</a>") < page.index(">Ben</a>")
    assert "27" in page and "1 idea adopted" in page and "0 ideas adopted" in page


@pytest.mark.parametrize("role", ["anonymous", "customer", "pm", "executive", "admin"])
def test_a_profile_shows_each_viewer_what_they_may_see(client, as_role, context, role, board, private_board, pm):
    person = factories.make_user(display_name="Casey Customer")
    shown = factories.make_idea(board, person, title="Offline mode")
    factories.make_idea(private_board, person, title="Private roadmap item")
    factories.make_idea(board, person, title="Taken back", withdrawn_at=utcnow())
    add_comment(shown, person, "Please hurry.")
    add_comment(shown, pm, "Internal: Acme asked too.", internal=True)
    db.session.commit()
    as_role(role)
    page = client.get(f"/people/{person.id}").get_data(as_text=True)
    assert "Casey Customer" in page and "Offline mode" in page and "Please hurry." in page
    insider, staff = role in ("pm", "executive", "admin"), role in ("pm", "admin")
    assert ("Private roadmap item" in page) == insider
    assert ("Taken back" in page) == staff
    assert "Acme asked too" not in client.get(f"/people/{pm.id}").get_data(as_text=True)
    assert person.email not in page


def test_erased_people_have_no_profile_and_their_name_leads_nowhere(client, context, board, customer):
    idea = factories.make_idea(board, customer, title="Offline mode")
    assert f'href="/people/{customer.id}"' in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    customer.erased_at = utcnow()
    db.session.commit()
    assert client.get(f"/people/{customer.id}").status_code == 404
    assert f'href="/people/{customer.id}"' not in client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert client.get("/people/999999").status_code == 404


def test_comment_authors_link_to_their_profiles(client, context, board, customer, other_customer):
    idea = factories.make_idea(board, customer, title="Offline mode")
    add_comment(idea, other_customer, "Me too.")
    db.session.commit()
    login(client, customer)
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert f'<a class="person-link" href="/people/{other_customer.id}" data-testid="person-link">Olive Other</a>' in page
    assert reputation.breakdown(customer).total == points(customer)


def test_an_idea_the_team_withdraws_gives_up_its_backers_points_on_the_page_and_in_the_recompute(
        client, context, runner, board, customer, pm):
    idea = factories.make_idea(board, customer, title="Offline mode")
    for backer in voters(3):
        cast_vote(idea, backer)
    db.session.commit()
    assert points(customer) == 3
    report(factories.make_user(), "spam", "", idea)
    decide(pm, WITHDRAW, idea)  # Admin → Moderation → "Withdraw the idea": its author can't, once others back it
    db.session.commit()
    assert points(customer) == 0
    assert reputation.breakdown(customer).backers == 0
    assert 'data-testid="points-backers">0<' in client.get(f"/people/{customer.id}").get_data(as_text=True)
    db.session.execute(update(User).values(reputation=7))
    db.session.commit()
    assert runner.invoke(args=["recompute-reputation"]).exit_code == 0
    assert points(customer) == 0

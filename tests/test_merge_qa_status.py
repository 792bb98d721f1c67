"""A merge never takes back what the team told backers: a merged idea takes its primary's status, so merging a
Planned, In progress or Shipped idea into one not as far along is refused (QA: the shipped "Dark mode", 103
backers, merged into an Open idea went back to Open with its duplicates, and nobody was told). Triage offers the
idea the team took furthest as the one to keep."""
import re

import pytest
from sqlalchemy import func, select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.models import Idea, IdeaStatus, Merge
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_merging import make_vote
from tests.factories_triage import make_suggestion

S = IdeaStatus


def merge_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Merge))


@pytest.mark.parametrize("merged, primary", [
    (S.SHIPPED, S.OPEN), (S.SHIPPED, S.IN_PROGRESS), (S.IN_PROGRESS, S.PLANNED), (S.PLANNED, S.UNDER_REVIEW),
    (S.PLANNED, S.DECLINED),
])
def test_merging_an_idea_further_along_is_refused_and_changes_nothing(app, board, customer, pm, merged, primary):
    kept = make_idea(board, customer, title="Night theme", status=primary)
    further = make_idea(board, customer, title="Dark mode", status=merged)
    with app.test_request_context(), pytest.raises(DomainError, match="Keep “Dark mode” as the idea to merge into"):
        merge_ideas(kept, [further], pm)
    db.session.rollback()
    assert (further.status, further.merged_into_id, merge_count()) == (merged, None, 0)


@pytest.mark.parametrize("merged, primary", [
    (S.OPEN, S.SHIPPED), (S.SHIPPED, S.SHIPPED), (S.DECLINED, S.OPEN), (S.UNDER_REVIEW, S.OPEN), (S.OPEN, S.OPEN),
])
def test_merging_one_as_far_along_or_not_committed_to_goes_ahead(app, board, customer, pm, merged, primary):
    kept = make_idea(board, customer, title="Night theme", status=primary)
    other = make_idea(board, customer, title="Dark mode", status=merged)
    with app.test_request_context():
        merge_ideas(kept, [other], pm)
    db.session.commit()
    assert (other.merged_into_id, other.status) == (kept.id, primary)


def test_triage_offers_the_idea_taken_furthest_and_refuses_keeping_the_other(client, board, customer, pm):
    popular = make_idea(board, customer, title="Night theme please")
    for _ in range(3):
        make_vote(popular, make_user())
    shipped = make_idea(board, customer, title="Dark mode", status=S.SHIPPED)
    suggestion = make_suggestion([popular, shipped], title="Dark mode")
    login(client, pm)
    inbox = client.get("/triage/").get_data(as_text=True)
    [checked] = re.findall(r'name="primary_id" value="(\d+)" checked', inbox)
    assert int(checked) == shipped.id  # not the most backed: it is Open, and Dark mode shipped
    answer = client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": popular.id})
    assert "it would go back" in answer.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Idea, shipped.id).merged_into_id is None and merge_count() == 0

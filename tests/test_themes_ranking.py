"""The rank formula: unique backers, momentum by the age of each vote, segment and revenue weights."""
from datetime import timedelta

import pytest

from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.models import utcnow
from ideabox.themes.queries import theme_backers
from ideabox.themes.ranking import RankSettings, Score, rank_themes, score_ideas, score_themes, settings_from_config
from ideabox.themes.services import create_theme

from tests.factories import make_customer_account, make_idea, make_user
from tests.factories_merging import make_proxy_vote, make_vote


@pytest.fixture(autouse=True)
def request_context(app):
    with app.test_request_context():
        yield


def theme_of(board, author, pm, title, created_days_ago=0):
    idea = make_idea(board, author, title=title, created_at=utcnow() - timedelta(days=created_days_ago))
    return idea, create_theme(title, [idea], pm)


def test_an_old_request_with_recent_votes_outranks_a_new_one_with_older_votes(board, customer, pm):
    old_idea, revived = theme_of(board, customer, pm, "Old request, busy again", created_days_ago=700)
    new_idea, cooling = theme_of(board, customer, pm, "New request, quiet now", created_days_ago=40)
    for n in range(3):
        make_vote(old_idea, make_user(), days_ago=2 + n)  # this week and last
        make_vote(new_idea, make_user(), days_ago=30 + n)  # a month ago
    scores = score_themes([revived.id, cooling.id], RankSettings())
    assert scores[revived.id].backers == scores[cooling.id].backers == 3
    assert scores[revived.id].score > scores[cooling.id].score
    assert [row.theme for row in rank_themes(pm)] == [revived, cooling]


def test_votes_beyond_the_window_add_no_momentum(board, customer, pm):
    idea, theme = theme_of(board, customer, pm, "Ancient")
    make_vote(idea, make_user(), days_ago=200)
    score = score_themes([theme.id], RankSettings())[theme.id]
    assert score == Score(backers=1, weighted_backers=1.0, momentum=0.0, score=1.0)


def test_momentum_decays_by_half_life(board, customer, pm):
    idea, theme = theme_of(board, customer, pm, "Fresh")
    make_vote(idea, make_user(), days_ago=1)
    settings = RankSettings(half_life_days=14, momentum_weight=2.0)
    score = score_themes([theme.id], settings)[theme.id]
    expected = round(0.5 ** (3.5 / 14), 2)  # first week bucket, taken at its middle
    assert score.momentum == expected
    assert score.score == round(1 + 2 * 0.5 ** (3.5 / 14), 2)


def test_a_backer_counts_once_with_their_latest_vote(board, customer, pm, other_customer):
    a, theme = theme_of(board, customer, pm, "Primary")
    b = make_idea(board, customer)
    make_vote(a, other_customer, days_ago=100)
    make_vote(b, other_customer, days_ago=1)
    merge_ideas(a, [b], pm)
    db.session.commit()
    score = score_themes([theme.id], RankSettings())[theme.id]
    assert score.backers == 1 == theme_backers(theme)
    assert score.momentum == round(0.5 ** (3.5 / 14), 2)


def test_segment_and_revenue_weights(board, customer, pm):
    idea, theme = theme_of(board, customer, pm, "Weighted")
    enterprise = make_customer_account("Big Co", segment="Enterprise", annual_revenue=90_000)
    make_proxy_vote(idea, enterprise, pm, days_ago=200)
    member = make_user(customer_account=enterprise)
    make_vote(idea, member, days_ago=200)
    make_vote(idea, make_user(), days_ago=200)
    settings = RankSettings(segment_weights={"enterprise": 3.0})
    assert score_themes([theme.id], settings)[theme.id].score == 3 + 3 + 1
    with_revenue = RankSettings(segment_weights={"enterprise": 3.0}, revenue_weight=1.0, revenue_unit=10_000)
    assert with_revenue.account_weight("enterprise", 90_000) == pytest.approx(3 * 2)  # log10(1 + 9) = 1
    assert score_themes([theme.id], with_revenue)[theme.id].score == 6 + 6 + 1
    assert score_themes([theme.id], RankSettings())[theme.id].score == 3  # public count is unchanged


def test_weights_change_the_order_but_not_the_public_count(board, customer, pm):
    many, crowd = theme_of(board, customer, pm, "Many small users")
    few, key_account = theme_of(board, customer, pm, "One big account")
    for _ in range(3):
        make_vote(many, make_user(), days_ago=100)
    make_proxy_vote(few, make_customer_account("Mega", segment="enterprise"), pm, days_ago=100)
    plain = rank_themes(pm, RankSettings())
    assert [row.theme for row in plain] == [crowd, key_account]
    weighted = rank_themes(pm, RankSettings(segment_weights={"enterprise": 5.0}))
    assert [row.theme for row in weighted] == [key_account, crowd]
    assert [row.score.backers for row in weighted] == [1, 3]


def test_idea_scores_include_merged_duplicates(board, customer, pm, other_customer):
    a, b = make_idea(board, customer), make_idea(board, customer)
    make_vote(a, customer, days_ago=100)
    make_vote(b, other_customer, days_ago=100)
    make_vote(b, customer, days_ago=100)
    merge_ideas(a, [b], pm)
    db.session.commit()
    assert score_ideas([a.id], RankSettings())[a.id].backers == 2 == a.backer_count


def test_rank_hides_private_themes_from_outsiders(board, private_board, customer, pm):
    _, public = theme_of(board, customer, pm, "Public")
    _, secret = theme_of(private_board, pm, pm, "Secret")
    assert {row.theme for row in rank_themes(pm)} == {public, secret}
    assert [row.theme for row in rank_themes(customer)] == [public]


def test_settings_come_from_config(app):
    app.config.update(RANK_SEGMENT_WEIGHTS={"Enterprise": 3}, RANK_MOMENTUM_HALF_LIFE_DAYS=7, RANK_REVENUE_WEIGHT=0.5)
    settings = settings_from_config(app.config)
    assert settings.segment_weights == {"enterprise": 3.0}
    assert (settings.half_life_days, settings.revenue_weight, settings.window_weeks) == (7.0, 0.5, 12)

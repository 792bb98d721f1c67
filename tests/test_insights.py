"""The team's insights dashboard: its figures on a known history, who may open it, and bad input."""
import csv
import io
import json
import re
from datetime import timedelta, timezone

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.ideas.services import change_status
from ideabox.insights import queries
from ideabox.insights.queries import Window
from ideabox.merging.services import merge_ideas
from ideabox.models import Comment, Idea, IdeaStatus, utcnow
from tests.conftest import ROLES, login
from tests.factories import make_comment, make_customer_account, make_idea, make_user
from tests.factories_merging import make_proxy_vote, make_vote
from tests.factories_roadmap import make_theme, ship


@pytest.fixture
def history(app, board, private_board, customer, pm):
    """Four voters over the last 120 days (days ago in brackets):

    - Exports (public): Ann (5.5), Bob (40.5), Cy (120.5), and Dee through Export to PDF (10.5), merged into it
    - Sync (private): Ann (2.5)
    - the theme Offline of Offline lists (Ann 1.5, Dee 59.5) and Offline photos (Ann 3.5), both public
    """
    now = utcnow()
    ann, bob, cy, dee = (make_user(display_name=name) for name in ("Ann", "Bob", "Cy", "Dee"))
    exports = make_idea(board, customer, title="Exports", created_at=now - timedelta(days=150))
    pdf = make_idea(board, customer, title="Export to PDF", created_at=now - timedelta(days=20.5))
    sync = make_idea(private_board, customer, title="Sync", created_at=now - timedelta(days=4.5))
    lists = make_idea(board, customer, title="Offline lists", created_at=now - timedelta(days=70.5))
    photos = make_idea(board, customer, title="Offline photos", created_at=now - timedelta(days=6.5))
    for idea, voter, days in ((exports, ann, 5.5), (exports, bob, 40.5), (exports, cy, 120.5), (pdf, dee, 10.5),
                              (sync, ann, 2.5), (lists, ann, 1.5), (lists, dee, 59.5), (photos, ann, 3.5)):
        make_vote(idea, voter, days_ago=days)
    with app.test_request_context():
        merge_ideas(exports, [pdf], pm)
    theme = make_theme("Offline", [lists, photos], status=IdeaStatus.OPEN)
    db.session.commit()
    return {"exports": exports, "sync": sync, "theme": theme, "lists": lists, "photos": photos,
            "voters": (ann, bob, cy, dee)}


def last(days, board=None):
    """Window.last for a reader for whom it is 18:00 now, whatever the hour the tests run: what happened
    N.5 days ago falls on the morning of the Nth day before today, N days ago on its evening."""
    now = utcnow()
    offset = timedelta(hours=18) - (now - now.replace(hour=0, minute=0, second=0, microsecond=0))
    if offset >= timedelta(hours=12):
        offset -= timedelta(days=1)  # 18:00 too, a day earlier: a zone within 12 hours of UTC
    return Window.last(days, board, now, timezone(offset))


def figures(window):
    return {headline.key: (headline.value, headline.before) for headline in queries.headlines(window)}


def test_windows_are_days_for_a_month_and_weeks_beyond(app):
    week, month, quarter = Window.last(7), Window.last(30), Window.last(90)
    assert week.bucket_days() == 1 and len(week.bucket_starts()) == 7
    assert month.days == 30 and month.bucket_days() == 1 and len(month.bucket_starts()) == 30
    assert quarter.bucket_days() == 7 and len(quarter.bucket_starts()) == 13  # the last is this week so far
    assert quarter.bucket_starts()[0] == quarter.start
    before = quarter.previous()  # as far into the week 13 weeks before
    assert (before.start, before.end) == (quarter.start - timedelta(weeks=13), quarter.end - timedelta(weeks=13))
    assert before.days == 90


def test_headlines_count_votes_people_and_ideas_in_the_window_and_the_one_before(history):
    month = figures(last(30))
    # this month: Ann 4 times (Exports, Sync, two theme ideas) and Dee once (Export to PDF); before: Bob, Dee
    assert month["votes"] == (5, 2)
    assert month["voters"] == (2, 2)
    assert month["ideas"] == (3, 0)  # Export to PDF, Sync, Offline photos; nothing in days 30-60
    quarter = figures(last(90))
    assert quarter["votes"] == (7, 1) and quarter["voters"] == (3, 1)  # Cy voted 120 days ago


def test_a_board_narrows_every_figure(history, board):
    month = figures(last(30, board))
    assert month["votes"] == (4, 2)  # Sync's vote is on the private board
    assert month["ideas"] == (2, 0)


def test_comments_count_only_what_customers_see_and_a_shipped_idea_counts_once(history, customer, pm):
    exports = history["exports"]
    make_comment(exports, customer, "Please!")
    make_comment(exports, pm, "Internal: big account asks").is_internal = True
    make_comment(exports, customer, "spam").is_hidden = True
    db.session.commit()
    ship(exports, days_ago=3)
    ship(exports, days_ago=2)  # shipped again after a reopen: still one idea shipped
    month = figures(Window.last(30))
    assert month["comments"] == (1, 0)
    assert month["shipped"] == (1, 0)
    assert db.session.query(Comment).count() == 3


def test_an_idea_counts_as_shipped_only_while_it_is_and_when_it_last_shipped(app, board, customer, pm):
    corrected = ship(make_idea(board, customer, title="Set to Shipped by mistake"), days_ago=2)
    reopened = ship(make_idea(board, customer, title="Shipped last month, then for real now"), days_ago=40)
    still = ship(make_idea(board, customer, title="Shipped and replied to since"), days_ago=40)
    with app.test_request_context():
        change_status(corrected, IdeaStatus.PLANNED, pm, quiet=True)  # "Tell nobody": a correction
        change_status(reopened, IdeaStatus.IN_PROGRESS, pm)
        change_status(still, IdeaStatus.SHIPPED, pm, note="Now on Android too.")
    db.session.commit()
    ship(reopened, days_ago=1)
    assert figures(Window.last(30))["shipped"] == (1, 1)  # reopened now; still in the month before


def test_activity_buckets_add_up_to_the_headlines(history):
    window = last(30)
    series = queries.activity_series(window)
    assert len(series["votes"]) == len(series["starts"]) == 30
    assert sum(series["votes"]) == 5 and sum(series["ideas"]) == 3
    # Ann's vote on Offline lists 1.5 days ago falls on the day before last, Export to PDF's post on day 9
    assert series["votes"][28] == 1 and series["voters"][28] == 1
    assert series["ideas"][9] == 1
    weekly = queries.activity_series(last(90))
    assert sum(weekly["votes"]) == 7 and max(weekly["voters"]) <= 4


def test_top_requests_rank_themes_and_ideas_by_backers_with_what_they_gained(history, pm, board):
    top = queries.top_requests(pm, Window.last(30))
    assert [(item.card.subject.title, item.card.backers, item.new_backers) for item in top] == [
        ("Exports", 4, 2),  # Ann, Bob, Cy, and Dee through the merged Export to PDF; Ann and Dee this month
        ("Offline", 2, 1),  # Ann and Dee, each once; Dee's vote is older than a month
        ("Sync", 1, 1),
    ]
    on_board = queries.top_requests(pm, Window.last(90, board))
    assert [item.card.subject.title for item in on_board] == ["Exports", "Offline"]
    assert [item.new_backers for item in on_board] == [3, 2]


def test_ranking_by_new_backers_puts_what_is_rising_first(history, pm, board, customer):
    widgets = make_idea(board, customer, title="Widgets")
    for voter in (make_user(), make_user(), make_user()):
        make_vote(widgets, voter, days_ago=1.5)
    month = last(30)
    by_backers = [(item.card.subject.title, item.card.backers, item.new_backers) for item in queries.top_requests(pm, month)]
    assert by_backers == [("Exports", 4, 2), ("Widgets", 3, 3), ("Offline", 2, 1), ("Sync", 1, 1)]
    rising = [(item.card.subject.title, item.new_backers) for item in queries.top_requests(pm, month, by="new")]
    # Offline before Sync: as many new backers, more in all
    assert rising == [("Widgets", 3), ("Exports", 2), ("Offline", 1), ("Sync", 1)]
    # nobody first backed Exports or Offline in the last 3 days: Ann's votes there are older or a second one
    assert [item.card.subject.title for item in queries.top_requests(pm, last(3), by="new")] == ["Widgets", "Sync"]
    on_board = queries.top_requests(pm, last(30, board), limit=2, by="new")
    assert [(item.card.subject.title, item.new_backers) for item in on_board] == [("Widgets", 3), ("Exports", 2)]


def test_groups_whose_backers_only_came_back_do_not_crowd_out_new_ones(history, pm, board, customer):
    """Four themes each backed this week by five people who had backed them before: during the week they
    have the most backers, but none new. The ranking looks past them to Widgets, batch after batch."""
    regulars = [make_user() for _ in range(5)]
    for number in range(4):
        first, again = make_idea(board, customer, title=f"Old {number}"), make_idea(board, customer, title=f"Again {number}")
        for person in regulars:
            make_vote(first, person, days_ago=40.5)
            make_vote(again, person, days_ago=0.5)
        make_theme(f"Regulars {number}", [first, again], status=IdeaStatus.OPEN)
    widgets = make_idea(board, customer, title="Widgets")
    for voter in (make_user(), make_user(), make_user()):
        make_vote(widgets, voter, days_ago=1.5)
    top = queries.top_requests(pm, Window.last(30), limit=1, by="new")
    assert [(item.card.subject.title, item.new_backers) for item in top] == [("Widgets", 3)]
    assert [item.card.subject.title for item in queries.top_requests(pm, Window.last(30), limit=1)] == ["Regulars 0"]


def test_the_ranking_switch_keeps_the_period_and_board(client, history, pm, board):
    login(client, pm)
    html = client.get("/insights/?days=30&board=mobile&rank=new").get_data(as_text=True)
    assert 'href="/insights/?days=30&amp;board=mobile"' in html  # back to Backers
    assert '<input type="hidden" name="rank" value="new">' in html  # the period and board form keeps it
    assert 'aria-current="page">New backers</a>' in html


def test_recorded_demand_counts_as_a_new_backer(history, pm):
    make_proxy_vote(history["sync"], make_customer_account(), pm, days_ago=1)
    sync = next(item for item in queries.top_requests(pm, Window.last(30)) if item.card.subject.title == "Sync")
    assert (sync.card.backers, sync.new_backers) == (2, 2)


def test_board_breakdown_counts_listed_ideas_by_status(history, board, private_board):
    ship(history["exports"])
    rows = queries.board_breakdown([private_board, board], Window.last(30))
    assert [row.board.name for row in rows] == ["Mobile app", "Internal"]  # most ideas first
    mobile = rows[0]
    # Export to PDF was merged: not listed, but it was posted in the window
    assert mobile.ideas == 3 and mobile.by_status[IdeaStatus.SHIPPED] == 1 and mobile.by_status[IdeaStatus.OPEN] == 2
    assert (mobile.new_ideas, mobile.voters) == (2, 2)
    assert (rows[1].ideas, rows[1].new_ideas, rows[1].voters) == (1, 1, 1)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_opens_the_dashboard(client, as_role, role):
    as_role(role)
    response = client.get("/insights/")
    expected = {"anonymous": 302, "customer": 403, "pm": 200, "executive": 200, "admin": 200}[role]
    assert response.status_code == expected
    if role == "anonymous":
        assert "/auth/login" in response.headers["Location"]
    nav = client.get("/").get_data(as_text=True)
    assert ('href="/insights/"' in nav) == (expected == 200)
    assert ('href="/themes/"' in nav) == (expected == 200)  # executives too, to go from a chart to the ranking


def test_an_executive_sees_every_board_and_the_figures_the_charts_draw(client, history, executive):
    login(client, executive)
    html = client.get("/insights/?days=30").get_data(as_text=True)
    data = json.loads(re.search(r'<script type="application/json" id="insights-data">(.*?)</script>', html, re.S)[1])
    assert data["top"]["labels"] == ["Exports", "Offline", "Sync"]
    assert data["top"]["series"][0]["values"] == [4, 2, 1] and data["top"]["series"][1]["values"] == [2, 1, 1]
    assert data["top"]["links"][1] == f"/themes/{history['theme'].id}"
    assert len(data["activity"]["labels"]) == 30 and sum(data["activity"]["series"][0]["values"]) == 5
    assert data["boards"]["labels"] == ["Mobile app", "Internal"]
    assert [series["key"] for series in data["boards"]["series"]] == [status.value for status in IdeaStatus]
    assert 'data-testid="headline-votes"' in html and "Last 30 days" in html


def test_an_empty_site_shows_zeroes_not_errors(client, pm):
    login(client, pm)
    response = client.get("/insights/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Nobody has backed a request here yet." in html and "No boards yet." in html


def test_a_period_without_activity_says_so_instead_of_drawing_flat_charts(client, pm, board, customer):
    login(client, pm)
    html = client.get("/insights/").get_data(as_text=True)
    assert "No activity in this period." in html and 'id="chart-activity"' not in html
    assert "No ideas to show." in html and 'id="chart-boards"' not in html
    assert 'data-testid="requests-csv"' not in html  # nothing to download
    make_vote(make_idea(board, customer, title="Exports", created_at=utcnow() - timedelta(days=300)), make_user(),
              days_ago=200)
    html = client.get("/insights/").get_data(as_text=True)
    assert "No activity in this period." in html and 'id="chart-activity"' not in html  # the vote is older
    assert 'id="chart-top"' in html and 'data-testid="requests-csv"' in html and 'id="chart-boards"' in html
    assert "No activity in this period." not in client.get("/insights/?days=365").get_data(as_text=True)


@pytest.mark.parametrize("query, status, message", [
    ("days=14", 400, "Unknown period. Choose 7, 30, 90, 180, 365 days."),
    ("days=ninety", 400, "Unknown period."),
    ("days=-30", 400, "Unknown period."),
    ("board=nowhere", 404, "There is no board called “nowhere”."),
    ("rank=score", 400, "Unknown ranking. Rank by backers or by new backers."),
    ("start=2025-11-30", 400, "Give the period&#39;s start and end as dates, such as 2025-11-30."),
    ("start=30/11/2025&end=2025-12-06", 400, "Give the period&#39;s start and end as dates"),
    ("start=2025-02-30&end=2025-03-06", 400, "Give the period&#39;s start and end as dates"),
    ("start=2025-12-06&end=2025-11-30", 400, "A period starts before it ends, ends by today and spans 365 days at most."),
    ("start=2024-01-01&end=2025-01-01", 400, "A period starts before it ends"),
    ("start=2025-11-30&end=2999-12-06", 400, "A period starts before it ends"),
])
def test_bad_filters_get_a_clear_message(client, pm, board, query, status, message):
    login(client, pm)
    response = client.get(f"/insights/?{query}")
    assert response.status_code == status
    assert message in response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_only_the_team_downloads_the_ranking(client, as_role, role):
    as_role(role)
    expected = {"anonymous": 302, "customer": 403, "pm": 200, "executive": 200, "admin": 200}[role]
    assert client.get("/insights/requests.csv").status_code == expected


def test_the_ranking_downloads_as_csv_a_spreadsheet_cannot_run(client, history, pm, board, customer):
    make_idea(board, customer, title="=HYPERLINK(\"http://evil.example\")")
    make_vote(db.session.scalars(select(Idea).where(Idea.title.startswith("="))).one(), make_user(), days_ago=1)
    login(client, pm)
    response = client.get("/insights/requests.csv?days=30&rank=new")
    assert response.headers["Content-Disposition"] == 'attachment; filename="requests-all-boards-30-days.csv"'
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert rows[0] == ["rank", "kind", "title", "status", "boards", "backers", "new_backers", "period", "url"]
    assert [row[2] for row in rows[1:]] == ["Exports", "Offline", "Sync", "'=HYPERLINK(\"http://evil.example\")"]
    assert rows[2][:7] == ["2", "theme", "Offline", "open", "Mobile app", "2", "1"]
    assert rows[2][8] == f"http://localhost/themes/{history['theme'].id}"
    on_board = client.get("/insights/requests.csv?board=mobile")
    assert 'filename="requests-mobile-90-days.csv"' in on_board.headers["Content-Disposition"]
    assert client.get("/insights/requests.csv?days=3650").status_code == 400

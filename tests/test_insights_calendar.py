"""Insights count by the reader's calendar: days from their midnight, weeks from Monday, today and this week so
far as the last, a clock change counted right; the figures compared like for like; and the weekly email's week
made of each reader's whole days."""
import json
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from babel.dates import format_date

from ideabox.extensions import db
from ideabox.insights import queries
from ideabox.insights.email import send_weekly_insights
from ideabox.insights.views import _bucket_labels
from ideabox.insights.windows import Window
from ideabox.models import Vote, utcnow
from tests.conftest import login
from tests.factories import make_board, make_idea, make_user
from tests.factories_merging import make_vote
from tests.factories_notifications import outbox_for

PARIS = ZoneInfo("Europe/Paris")
UTC = timezone.utc


def zone_where_it_is(hour: int) -> str:
    """A whole-hour zone where it is `hour` o'clock now (Etc/GMT-3 is three hours ahead of UTC)."""
    offset = (hour - utcnow().hour + 12) % 24 - 12
    return f"Etc/GMT{-offset:+d}" if offset else "UTC"


def vote_at(idea, moment: datetime) -> Vote:
    vote = Vote(idea_id=idea.id, user_id=make_user().id, created_at=moment)
    db.session.add(vote)
    db.session.commit()
    return vote


def chart_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="insights-data">(.*?)</script>', html, re.S)[1])


def day(when: date, year: bool = False) -> str:
    """A date as the dashboard writes it in English (with its year where the period runs over two)."""
    return format_date(when, "d MMM y" if year else "d MMM", locale="en")


def test_a_vote_cast_this_morning_counts_under_today_not_yesterday(client, customer):
    """QA's case: at noon a vote cast a minute ago went under yesterday's date, with yesterday afternoon's."""
    zone = zone_where_it_is(12)
    exec_ = make_user(role="executive", timezone=zone)
    reporting = make_board(name="Reporting", slug="reporting")
    idea = make_idea(reporting, customer, title="Scheduled reports", created_at=utcnow() - timedelta(days=30))
    make_vote(idea, make_user(), days_ago=23 / 24)  # yesterday, about 13:00
    make_vote(idea, make_user(), days_ago=1 / 24 / 60)  # today, about 12:00
    login(client, exec_)
    html = client.get("/insights/?days=7&board=reporting").get_data(as_text=True)
    activity = chart_data(html)["activity"]
    today = utcnow().astimezone(ZoneInfo(zone)).date()
    days_before = [day(today - timedelta(days=back)) for back in range(6, 0, -1)]
    assert activity["labels"] == days_before + [f"{day(today)} (today)"]
    assert activity["series"][0]["values"] == [0, 0, 0, 0, 0, 1, 1]
    assert f"<tr><td>{day(today)} (today)</td><td class=\"num\">1</td>" in html  # the table under "Show the figures"


def test_weeks_start_on_monday_and_this_week_so_far_is_the_last(client, executive):
    zone = ZoneInfo(zone_where_it_is(12))
    today = utcnow().astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    window = Window.last(90, zone=zone)
    assert window.bucket_dates() == [monday - timedelta(weeks=back) for back in range(12, -1, -1)]
    assert all(start.astimezone(zone).time().isoformat() == "00:00:00" for start in window.bucket_starts())
    assert window.runs_on() and window.end - window.bucket_starts()[-1] < timedelta(days=7)
    executive.timezone = zone.key
    db.session.commit()
    login(client, executive)
    labels = chart_data(client.get("/insights/?days=90").get_data(as_text=True))["activity"]["labels"]
    first = monday - timedelta(weeks=12)
    assert labels[0] == f"week of {day(first, year=first.year != monday.year)}"
    assert labels[-1] == f"week of {day(monday, year=first.year != monday.year)} (so far)"


def test_a_period_over_two_years_gives_each_label_its_year(client, executive):
    """QA's case: the last 365 days began with "week of 8 Dec" and ended with "week of 7 Dec (so far)"."""
    login(client, executive)
    today = utcnow().date()
    monday = today - timedelta(days=today.weekday())
    labels = chart_data(client.get("/insights/?days=365").get_data(as_text=True))["activity"]["labels"]
    assert labels[0] == f"week of {day(monday - timedelta(weeks=52), year=True)}"
    assert labels[-1] == f"week of {day(monday, year=True)} (so far)"
    with client.application.test_request_context():
        new_year = _bucket_labels(queries.activity_series(Window.last(7, now=datetime(2027, 1, 2, 12, tzinfo=UTC))))
        january = _bucket_labels(queries.activity_series(Window.last(7, now=datetime(2027, 1, 9, 12, tzinfo=UTC))))
    assert new_year == ["27 Dec 2026", "28 Dec 2026", "29 Dec 2026", "30 Dec 2026", "31 Dec 2026", "1 Jan 2027",
                        "2 Jan 2027 (today)"]
    assert january[0] == "3 Jan"


def test_days_follow_the_clock_change(app, board, customer):
    """Paris moved its clocks forward on 29 March 2026: that day had 23 hours, and midnight is 23:00 UTC before
    it, 22:00 UTC after."""
    idea = make_idea(board, customer, created_at=datetime(2026, 3, 1, tzinfo=timezone.utc))
    for moment in ("2026-03-28T23:30", "2026-03-29T21:30", "2026-03-29T22:30"):  # 00:30 CET, 23:30 CEST, 00:30 CEST
        vote_at(idea, datetime.fromisoformat(moment).replace(tzinfo=timezone.utc))
    window = Window.last(7, now=datetime(2026, 3, 31, 10, tzinfo=timezone.utc), zone=PARIS)
    starts = window.bucket_starts()
    assert [start.hour for start in starts] == [23, 23, 23, 23, 23, 22, 22]
    assert starts[5] - starts[4] == timedelta(hours=23)
    series = queries.activity_series(window)
    assert [day.day for day in series["days"]] == [25, 26, 27, 28, 29, 30, 31]
    assert series["votes"] == [0, 0, 0, 0, 2, 1, 0]


def test_the_figures_before_cover_as_much_of_their_week(app, board, customer):
    """On a Wednesday at 10:00 the last 7 days are Thursday to today 10:00; the week before they are compared
    with ends the Wednesday before at 10:00, not at its midnight: never a whole week against 6 days and a morning."""
    now = datetime(2026, 6, 10, 10, tzinfo=timezone.utc)
    idea = make_idea(board, customer, created_at=now - timedelta(days=60))
    for hours_ago in (1, 7 * 24 + 1, 7 * 24 - 1):  # this morning; the same morning a week ago; after that hour then
        vote_at(idea, now - timedelta(hours=hours_ago))
    window = Window.last(7, now=now)
    assert window.start == datetime(2026, 6, 4, tzinfo=timezone.utc)
    before = window.previous()
    assert (before.start, before.end) == (datetime(2026, 5, 28, tzinfo=timezone.utc), now - timedelta(days=7))
    votes = next(headline for headline in queries.headlines(window) if headline.key == "votes")
    assert (votes.value, votes.before) == (1, 1)


def test_the_download_names_the_readers_days(client, customer, board):
    # a zone whose date is not UTC's now: a day ahead after 10:00 UTC, a day behind before
    zone = "Etc/GMT-14" if utcnow().hour >= 10 else "Etc/GMT+12"
    login(client, make_user(role="pm", timezone=zone))
    today = utcnow().astimezone(ZoneInfo(zone)).date()
    assert today != utcnow().date()
    idea = make_idea(board, customer, title="Exports")
    make_vote(idea, make_user())
    text = client.get("/insights/requests.csv?days=30").get_data(as_text=True)
    assert f",{today - timedelta(days=29)} to {today}," in text


def reader(zone: str):
    return make_user(role="executive", insights_email=True, timezone=zone)


def test_each_reader_gets_the_week_of_their_own_days(app, board, customer):
    """At 12:00 UTC on 10 June it is midnight starting 11 June in UTC+12 and 01:00 on 10 June in UTC-11: a vote
    at 11:30 UTC belongs to the first's last week, and to the second's today, next week's email."""
    now = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)
    ahead, behind = reader("Etc/GMT-12"), reader("Etc/GMT+11")
    vote_at(make_idea(board, customer, created_at=now - timedelta(days=30)), now - timedelta(minutes=30))
    assert send_weekly_insights(now) == 1
    assert [mail.subject for mail in outbox_for(ahead)] == ["Your week in insights: 1 votes, 0 new ideas"]
    assert outbox_for(behind) == [] and behind.insights_email_sent_at is not None  # a quiet week: another week
    assert send_weekly_insights(now + timedelta(days=7)) == 1
    assert [mail.subject for mail in outbox_for(behind)] == ["Your week in insights: 1 votes, 0 new ideas"]
    assert len(outbox_for(ahead)) == 1  # its second week was quiet


def test_a_day_is_in_one_weekly_email_only(app, board, customer):
    """The week is the seven whole days before today: what happened today comes in next week's email, once."""
    now = datetime(2026, 6, 10, 12, tzinfo=timezone.utc)
    eve = reader("UTC")
    idea = make_idea(board, customer, created_at=now - timedelta(days=30))
    vote_at(idea, now - timedelta(hours=3))  # today, 09:00
    vote_at(idea, now - timedelta(days=1))  # yesterday
    send_weekly_insights(now)
    send_weekly_insights(now + timedelta(days=7))
    assert [mail.subject for mail in outbox_for(eve)] == ["Your week in insights: 1 votes, 0 new ideas"] * 2

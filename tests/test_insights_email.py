"""The weekly insights email: who gets it, how often, what it says, and its setting; over a real local
SMTP server where it is delivered."""
import re
from datetime import date, timedelta

from babel.dates import format_date

import pytest

from ideabox.auth.erasure import erase_account
from ideabox.extensions import db
from ideabox.insights.email import send_weekly_insights
from ideabox.models import utcnow
from ideabox.notifications.mailer import drain_outbox
from tests.conftest import ROLES, login
from tests.factories import make_idea, make_user
from tests.factories_merging import make_vote
from tests.factories_notifications import outbox_for
from tests.factories_roadmap import make_theme, ship


@pytest.fixture
def week(app, board, customer):
    """This week: Offline (a theme) gained 3 backers and Dark mode 1, on top of 2 from a month ago; one idea shipped.
    The week before: 2 votes."""
    offline = make_idea(board, customer, title="Offline lists", created_at=utcnow() - timedelta(days=40))
    dark = make_idea(board, customer, title="Dark mode", created_at=utcnow() - timedelta(days=40))
    for days in (1.5, 2.5, 3.5):
        make_vote(offline, make_user(), days_ago=days)
    for days in (30.5, 31.5, 2.5):
        make_vote(dark, make_user(), days_ago=days)
    for days in (8.5, 9.5):
        make_vote(make_idea(board, customer, title=f"Older {days}", created_at=utcnow() - timedelta(days=20)),
                  make_user(), days_ago=days)
    make_theme("Offline", [offline], status="planned")
    ship(make_idea(board, customer, title="CSV export", created_at=utcnow() - timedelta(days=12)), days_ago=1)
    db.session.commit()


def reader(role="executive", **fields):
    return make_user(role=role, display_name=f"Reader {role}", email=f"reader-{role}@example.com",
                     insights_email=True, **fields)


def test_a_team_member_gets_the_week_figures_and_what_is_rising(week):
    eve = reader()
    assert send_weekly_insights() == 1
    db.session.commit()
    [mail] = outbox_for(eve)
    assert mail.subject == "Your week in insights: 4 votes, 0 new ideas"
    text = mail.text_body
    assert "Last week: 4 votes from 4 people, 0 ideas posted, 1 shipped." in text
    assert text.index("**Ideas shipped:**") < text.index("Gaining the most new backers:\n\n- Offline")
    assert "**Votes:** 4, up 100% on the week before (2)" in text
    assert "**Ideas shipped:** 1, none the week before" in text
    assert text.index("- Offline (3 new backers, 3 in all · Planned)") < text.index("- Dark mode (1 new backer, 3 in all · Open)")
    week_ago, yesterday = (utcnow() - timedelta(days=back) for back in (7, 1))
    assert f"/insights/?start={week_ago.date()}&end={yesterday.date()}&rank=new" in text
    assert eve.insights_email_sent_at is not None


def test_it_comes_once_a_week(week):
    eve = reader()
    a_week_ago = utcnow() - timedelta(days=7)  # that week had the two older votes
    assert send_weekly_insights(a_week_ago) == 1
    assert send_weekly_insights(a_week_ago + timedelta(days=1)) == 0
    assert send_weekly_insights(a_week_ago + timedelta(days=6, hours=23)) == 1  # the daily run came a little early
    assert len(outbox_for(eve)) == 2


@pytest.mark.parametrize("role, gets_it", [("customer", False), ("pm", True), ("executive", True), ("admin", True)])
def test_only_the_team_gets_it(week, role, gets_it):
    person = reader(role)
    send_weekly_insights()
    assert len(outbox_for(person)) == int(gets_it)


def test_nobody_is_mailed_who_turned_email_off_is_suspended_or_unconfirmed(week):
    quiet = [reader("pm", email_notifications=False), reader("admin", is_suspended=True),
             reader("executive", email_confirmed_at=None)]
    assert send_weekly_insights() == 0
    assert all(outbox_for(person) == [] for person in quiet)


def test_a_week_without_activity_sends_nothing(app):
    eve = reader()
    assert send_weekly_insights() == 0
    assert outbox_for(eve) == [] and eve.insights_email_sent_at is not None


def test_the_command_queues_it_and_the_outbox_delivers_it(smtp, runner, week):
    reader()
    result = runner.invoke(args=["send-digests"])
    assert result.exit_code == 0 and "Queued 1 weekly insights email(s)." in result.output
    assert drain_outbox().sent == 1
    [message] = smtp.to("reader-executive@example.com")
    assert message["Subject"] == "Your week in insights: 4 votes, 0 new ideas"
    html = message.get_body(("html",)).get_content()
    assert "<strong>Votes:</strong> 4, up 100% on the week before (2)" in html and "Offline" in html
    assert "Queued 0 weekly insights email(s)." in runner.invoke(args=["send-digests"]).output


@pytest.mark.parametrize("role", ROLES[1:])
def test_the_team_turns_it_on_in_their_settings(client, as_role, role):
    person = as_role(role)
    page = client.get("/auth/account").get_data(as_text=True)
    team = role != "customer"
    assert ('name="insights_email"' in page) == team
    response = client.post_form("/auth/account", {"display_name": person.display_name, "timezone": "UTC",
                                                   "email_notifications": "y", "insights_email": "y"})
    assert response.status_code == 303
    db.session.refresh(person)
    assert person.insights_email == team


def test_erasing_an_account_stops_it(week):
    person = reader()
    erase_account(person, actor=person)
    db.session.commit()
    assert person.insights_email is False and send_weekly_insights() == 0


def test_open_insights_shows_the_figures_of_the_emails_own_week(client, week, board, customer):
    """QA's case: the email covered whole days but linked the last 7 days so far, which showed other figures."""
    make_vote(make_idea(board, customer, title="Voted today"), make_user(), days_ago=0)  # not in the email's week
    eve = reader()
    send_weekly_insights()
    db.session.commit()
    [mail] = outbox_for(eve)
    link = re.search(r"http://localhost(/insights/\S+)", mail.text_body)[1]
    login(client, eve)
    html = " ".join(client.get(link).get_data(as_text=True).split())
    figures = dict(re.findall(r"\*\*([^*]+):\*\* (\d+)", mail.text_body))
    shown = dict(re.findall(r'insights-headline__label">([^<]+)</div> <div class="insights-headline__value" '
                            r'data-testid="headline-value">(\d+)<', html))
    assert shown == figures and figures["Votes"] == "4"
    first, last = (date.fromisoformat(day) for day in re.search(r"start=([\d-]+)&end=([\d-]+)&", link).groups())
    assert (last - first).days == 6 and last == utcnow().date() - timedelta(days=1)
    assert f'href="/insights/?start={first}&amp;end={last}"' in html  # ranking by backers keeps the week
    assert f"on every board, from {format_date(first, 'medium', locale='en')} to " \
           f"{format_date(last, 'medium', locale='en')}." in html

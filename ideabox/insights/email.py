"""The weekly insights email: the last seven days' figures and the requests gaining the most backers, for
team members who asked for it in their account settings. `flask send-digests` sends it, run once a day."""
from collections import defaultdict
from datetime import datetime, timedelta

from flask_babel import format_number, format_percent, gettext as _, lazy_gettext as _l, lazy_ngettext
from flask_babel.speaklater import LazyString
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.insights import queries
from ideabox.insights.queries import HEADLINE_LABELS, Headline, Request
from ideabox.insights.windows import Window, zone_named
from ideabox.models import IdeaStatus, Role, User, utcnow
from ideabox.notifications.links import site_path
from ideabox.notifications.services import News, NewsItem, queue_emails, takes_email
from ideabox.templating import STATUS_LABELS

WEEK_DAYS = 7
# the daily run comes at about the same hour each day: a week less half a day since the last email is a week
DUE_AFTER = timedelta(days=WEEK_DAYS) - timedelta(hours=12)
RISING_LISTED = 5
REASON = _l("You're receiving this because you asked for the weekly insights email. Turn it off in your account "
            "settings.")


def _figure_lines(headlines: list[Headline]) -> str:
    lines = []
    for headline in headlines:
        if headline.change is None:
            change = _("none the week before") if headline.value else _("none either week")
        elif headline.change == 0:
            change = _("as many as the week before")
        else:
            change = _("%(direction)s %(percent)s on the week before (%(before)s)",
                       direction=_("up") if headline.change > 0 else _("down"),
                       percent=format_percent(abs(headline.change)), before=format_number(headline.before))
        lines.append(f"- **{HEADLINE_LABELS[headline.key]}:** {format_number(headline.value)}, {change}")
    return "\n".join(lines)


def _rising_item(item: Request) -> NewsItem:
    card = item.card
    endpoint, values = item.target
    detail = lazy_ngettext("%(num)d new backer, %(all)d in all · %(status)s",
                           "%(num)d new backers, %(all)d in all · %(status)s",
                           item.new_backers, all=card.backers, status=STATUS_LABELS[IdeaStatus(card.subject.status)])
    return NewsItem(card.subject.title, detail, site_path(endpoint, **values))


def weekly_news(headlines: list[Headline], rising: list[Request], window: Window) -> News:
    """The week's figures against the week before, and the requests with the most new backers (lazy
    strings, in each reader's language), linking to the dashboard of that very week."""
    figures = {headline.key: LazyString(format_number, headline.value) for headline in headlines}
    heading = _l("Last week: %(votes)s votes from %(voters)s people, %(ideas)s ideas posted, %(shipped)s shipped.",
                 **figures)
    return News(
        kind="insights", message=heading, link=site_path("insights.dashboard", start=window.first_day.isoformat(),
                                            end=window.last_day.isoformat(), rank="new"),
        subject=_l("Your week in insights: %(votes)s votes, %(ideas)s new ideas", votes=figures["votes"],
                   ideas=figures["ideas"]),
        heading=heading, quote=LazyString(_figure_lines, headlines), action_label=_l("Open Insights"), reason=REASON,
        items=tuple(_rising_item(item) for item in rising), items_heading=_l("Gaining the most new backers:"),
        mailing_list="insights",
    )


def _readers():
    return select(User).where(User.insights_email.is_(True), User.is_suspended.is_(False),
                              User.role.in_([Role.PM, Role.EXECUTIVE, Role.ADMIN]))


def _by_time_zone(users) -> dict:
    """The users by the time zone they read times in (their setting)."""
    zones = defaultdict(list)
    for user in users:
        zones[zone_named(user.timezone)].append(user)
    return zones


def send_weekly_insights(now: datetime | None = None) -> int:
    """Queue the weekly email to each team member who wants it and had none for a week; return how many
    were queued. Each reader's week is the seven whole days before today in their time zone, cut at their
    midnights as their dashboard is; a week without a vote, an idea or a comment sends nothing (and waits
    another week)."""
    now = now or utcnow()
    due = [user for user in db.session.scalars(_readers())
           if user.insights_email_sent_at is None or now - user.insights_email_sent_at >= DUE_AFTER]
    queued = 0
    for zone, recipients in _by_time_zone(user for user in due if takes_email(user)).items():
        window = Window.whole_days(WEEK_DAYS, now, zone)
        headlines = queries.headlines(window)
        if any(headline.value for headline in headlines):
            # every reader is on the team, who see every board: one ranking serves a zone's readers
            rising = queries.top_requests(recipients[0], window, limit=RISING_LISTED, by="new")
            queue_emails(recipients, weekly_news(headlines, rising, window))
            queued += len(recipients)
    for user in due:
        user.insights_email_sent_at = now
    db.session.flush()
    return queued

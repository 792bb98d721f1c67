"""The team's dashboard: the most-wanted requests, activity over time and demand by board, as charts."""
import re
from datetime import date

from flask import Blueprint, abort, render_template, request, url_for
from flask_babel import format_date, get_timezone, gettext as _
from flask_login import current_user
from werkzeug.exceptions import BadRequest

from ideabox.extensions import db
from ideabox.insights import queries
from ideabox.insights.queries import DEFAULT_PERIOD, HEADLINE_LABELS, PERIODS, RANKINGS
from ideabox.insights.windows import Window, zone_named
from ideabox.models import IdeaStatus, Role, utcnow
from ideabox.permissions import role_required
from ideabox.roadmap.queries import visible_boards
from ideabox.spreadsheets import csv_download
from ideabox.templating import STATUS_LABELS

bp = Blueprint("insights", __name__)

CSV_REQUESTS = 100
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
team_only = role_required(Role.PM, Role.EXECUTIVE)


@bp.get("/")
@team_only
def dashboard():
    boards = db.session.scalars(visible_boards(current_user)).all()
    window, rank = _window_from(request.args, boards), _ranking_from(request.args)
    top = queries.top_requests(current_user, window, by=rank)
    activity = queries.activity_series(window)
    breakdown = queries.board_breakdown([window.board] if window.board else boards, window)
    return render_template(
        "insights/dashboard.html", window=window, period=_period_args(request.args, window), periods=PERIODS,
        format_date=format_date, boards=boards, rank=rank, csv_rows=CSV_REQUESTS,
        headlines=queries.headlines(window), headline_labels=HEADLINE_LABELS,
        top=top, activity=activity, breakdown=breakdown,
        chart_data=_chart_data(top, activity, breakdown),
    )


@bp.get("/requests.csv")
@team_only
def requests_csv():
    """The dashboard's ranking, its first CSV_REQUESTS rows, for a spreadsheet or a slide."""
    boards = db.session.scalars(visible_boards(current_user)).all()
    window, rank = _window_from(request.args, boards), _ranking_from(request.args)
    top = queries.top_requests(current_user, window, limit=CSV_REQUESTS, by=rank)
    period = f"{window.first_day.isoformat()} to {window.last_day.isoformat()}"
    rows = [["rank", "kind", "title", "status", "boards", "backers", "new_backers", "period", "url"]]
    rows += [[number, item.card.kind, item.card.subject.title, item.card.subject.status.value,
              "; ".join(board.name for board in item.card.boards), item.card.backers, item.new_backers, period,
              url_for(item.target[0], _external=True, **item.target[1])]
             for number, item in enumerate(top, 1)]
    scope = window.board.slug if window.board else "all-boards"
    return csv_download(rows, f"requests-{scope}-{window.days}-days.csv")


def _ranking_from(args) -> str:
    rank = args.get("rank") or "backers"
    if rank not in RANKINGS:
        raise BadRequest(_("Unknown ranking. Rank by backers or by new backers."))
    return rank


def _window_from(args, boards) -> Window:
    """The period and board the dashboard was asked for, in days of the reader's time zone (the one their pages
    show times in): the last `days` days, or else the whole days `start` to `end` (the weekly email's week);
    values no link of ours makes are refused."""
    board = None
    if args.get("board"):
        board = next((b for b in boards if b.slug == args["board"]), None)
        if board is None:
            abort(404, _("There is no board called “%(board)s”.", board=args["board"]))
    zone = zone_named(str(get_timezone()))
    if _is_dated(args):
        return Window.between(*_dates_from(args, zone), board, zone=zone)
    period = args.get("days") or str(DEFAULT_PERIOD)
    if not period.isdigit() or int(period) not in PERIODS:
        choices = ", ".join(str(days) for days in PERIODS)
        raise BadRequest(_("Unknown period. Choose %(choices)s days.", choices=choices))
    return Window.last(int(period), board, zone=zone)


def _is_dated(args) -> bool:
    # a period chosen in the form (days) wins over the dates it carries along to keep them while the board changes
    return not args.get("days") and bool(args.get("start") or args.get("end"))


def _dates_from(args, zone) -> tuple[date, date]:
    """The first and last day of a period given by its dates, which must end by today and span a year at most."""
    texts = args.get("start", ""), args.get("end", "")
    try:
        if not all(ISO_DATE.fullmatch(text) for text in texts):
            raise ValueError
        first, last = (date.fromisoformat(text) for text in texts)
    except ValueError:
        raise BadRequest(_("Give the period's start and end as dates, such as 2025-11-30.")) from None
    longest = max(PERIODS)
    if not first <= last <= utcnow().astimezone(zone).date() or (last - first).days >= longest:
        raise BadRequest(_("A period starts before it ends, ends by today and spans %(days)d days at most.",
                           days=longest))
    return first, last


def _period_args(args, window: Window) -> dict:
    """The query parameters that ask for the window's period again (for the ranking switch and the CSV)."""
    if _is_dated(args):
        return {"start": window.first_day.isoformat(), "end": window.last_day.isoformat()}
    return {"days": window.days}


def _bucket_labels(activity) -> list[str]:
    """Each day or week of the activity by its first day, with its year where the period runs over two; the last
    one says if it is today or this week, so far."""
    days = activity["days"]
    if days[0].year == days[-1].year:
        date_format = "d MMM" if activity["bucket_days"] == 1 else _("'week of' d MMM")
    else:
        date_format = "d MMM y" if activity["bucket_days"] == 1 else _("'week of' d MMM y")
    labels = [format_date(day, date_format) for day in activity["days"]]
    if activity["runs_on"]:
        labels[-1] = (_("%(date)s (today)", date=labels[-1]) if activity["bucket_days"] == 1
                      else _("%(date)s (so far)", date=labels[-1]))
    return labels


def _chart_data(top, activity, breakdown) -> dict:
    """What static/js/insights.js draws, labels already translated."""
    return {
        "top": {
            "labels": [item.card.subject.title for item in top],
            "links": [url_for(item.target[0], **item.target[1]) for item in top],
            "series": [
                {"key": "backers", "label": _("Backers"), "values": [item.card.backers for item in top]},
                {"key": "new", "label": _("New in this period"), "values": [item.new_backers for item in top]},
            ],
        },
        "activity": {
            "labels": _bucket_labels(activity),
            "series": [
                {"key": "votes", "label": _("Votes"), "values": activity["votes"]},
                {"key": "voters", "label": _("People voting"), "values": activity["voters"]},
                {"key": "ideas", "label": _("Ideas posted"), "values": activity["ideas"]},
            ],
        },
        "boards": {
            "labels": [row.board.name for row in breakdown],
            "series": [
                {"key": status.value, "label": str(STATUS_LABELS[status]),
                 "values": [row.by_status[status] for row in breakdown]}
                for status in IdeaStatus
            ],
        },
    }


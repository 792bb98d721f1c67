"""The stretch of time the insights look at, cut into calendar days or weeks (from Monday) at the reader's
midnights: an executive in Paris reads a vote cast at 09:55 on 7 December under 7 December.

The bounds are computed here, in Python, with the zone's daylight-saving rules, and reach the database as
bound UTC times: the queries compare stored times with them and use no database's date functions."""
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import select, true

from ideabox.models import Board, Idea, Vote, utcnow

DAILY_UP_TO = 31  # a month reads best day by day; longer windows week by week
UTC = timezone.utc


def zone_named(name: str | None) -> tzinfo:
    """The time zone of that name (a person's setting), UTC for none or one this system does not know."""
    try:
        return ZoneInfo(name) if name else UTC
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def midnight(day: date, zone: tzinfo) -> datetime:
    """The first instant of `day` in `zone`, in UTC (where the zone skips midnight, its first hour that day)."""
    return datetime.combine(day, time(), zone).astimezone(UTC)


def days_earlier(moment: datetime, days: int, zone: tzinfo) -> datetime:
    """The same time of day `days` calendar days earlier in `zone` (23 or 25 hours a day across a clock change)."""
    return (moment.astimezone(zone) - timedelta(days=days)).astimezone(UTC)


@dataclass(frozen=True)
class Window:
    """The time the dashboard looks at, [start, end), in buckets of `step` calendar days from `start`, a
    midnight in `zone`; the period asked for (`days`) and the board it is narrowed to (None: all)."""

    start: datetime
    end: datetime
    board: Board | None = None
    zone: tzinfo = UTC
    step: int = 1
    days: int = 0

    @classmethod
    def last(cls, days: int, board: Board | None = None, now: datetime | None = None,
             zone: tzinfo = UTC) -> "Window":
        """The last `days` days up to now in `zone`, today so far the last: calendar days up to DAILY_UP_TO
        days; beyond that, weeks from Monday, days / 7 of them rounded up, this week so far the last."""
        end = now or utcnow()
        today = end.astimezone(zone).date()
        if days <= DAILY_UP_TO:
            return cls(midnight(today - timedelta(days=days - 1), zone), end, board, zone, 1, days)
        monday = today - timedelta(days=today.weekday())
        weeks = -(-days // 7)
        return cls(midnight(monday - timedelta(weeks=weeks - 1), zone), end, board, zone, 7, days)

    @classmethod
    def whole_days(cls, days: int, now: datetime | None = None, zone: tzinfo = UTC) -> "Window":
        """The `days` calendar days before today, whole: what a report sent today looks back on."""
        today = (now or utcnow()).astimezone(zone).date()
        return cls(midnight(today - timedelta(days=days), zone), midnight(today, zone), None, zone, 1, days)

    @classmethod
    def between(cls, first: date, last: date, board: Board | None = None, now: datetime | None = None,
                zone: tzinfo = UTC) -> "Window":
        """The calendar days first to last in `zone`, whole (up to now, if last is today), cut as `last` would
        cut as many days: the same window whole_days makes for a report on them."""
        days = (last - first).days + 1
        end = min(midnight(last + timedelta(days=1), zone), now or utcnow())
        return cls(midnight(first, zone), end, board, zone, 1 if days <= DAILY_UP_TO else 7, days)

    @property
    def first_day(self) -> date:
        """The window's first calendar day in its zone."""
        return self.start.astimezone(self.zone).date()

    @property
    def last_day(self) -> date:
        """The window's last calendar day in its zone (today, unless it ends at a midnight)."""
        return (self.end - timedelta(microseconds=1)).astimezone(self.zone).date()

    def bucket_days(self) -> int:
        return self.step

    def bucket_dates(self) -> list[date]:
        """The first day of each bucket, oldest first; the last bucket may still be running (today, this week)."""
        span = (self.last_day - self.first_day).days
        return [self.first_day + timedelta(days=offset) for offset in range(0, span + 1, self.step)]

    def bucket_starts(self) -> list[datetime]:
        """The first instant of each bucket, in UTC."""
        return [midnight(day, self.zone) for day in self.bucket_dates()]

    def runs_on(self) -> bool:
        """Whether the last bucket is cut short by the window's end (today or this week, so far)."""
        return midnight(self.bucket_dates()[-1] + timedelta(days=self.step), self.zone) > self.end

    def previous(self) -> "Window":
        """The same stretch as many calendar days earlier, for "compared with" figures: this week so far
        against last week up to the same day and hour, never a whole week against a part of one."""
        shift = self.step * len(self.bucket_dates())
        start = midnight(self.first_day - timedelta(days=shift), self.zone)
        return Window(start, days_earlier(self.end, shift, self.zone), self.board, self.zone, self.step, self.days)

    def during(self, column):
        return (column >= self.start) & (column < self.end)

    def on_board(self, idea_board_column):
        return true() if self.board is None else idea_board_column == self.board.id

    def votes(self, *columns):
        """A select of columns over the window's votes (joined to their ideas only to narrow to a board)."""
        query = select(*columns).select_from(Vote).where(self.during(Vote.created_at))
        if self.board is not None:
            query = query.join(Idea, Idea.id == Vote.idea_id).where(Idea.board_id == self.board.id)
        return query

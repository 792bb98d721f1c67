"""Roadmap rules: publishing release notes, pinning and ordering cards within a column, ETAs."""
import re
from datetime import date, datetime, timezone, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from flask_babel import gettext as _, lazy_gettext as _l

from ideabox import signals
from ideabox.admin.audit import record_event
from ideabox.errors import DomainError, NotFound
from ideabox.extensions import db
from ideabox.merging.services import require_staff
from ideabox.models import Idea, IdeaStatus, Release, Theme, utcnow
from ideabox.models.idea import BODY_MAX, TITLE_MAX
from ideabox.roadmap.queries import COLUMNS, column_of, releases_of
from ideabox.templating import month_label

KINDS = {"theme": Theme, "idea": Idea}
RELEASE_KIND_LABELS = {"new": _l("New"), "improved": _l("Improved"), "fixed": _l("Fixed")}


def find_item(kind: str, item_id: int) -> Theme | Idea:
    """The theme or idea a roadmap card stands for."""
    model = KINDS.get(kind)
    item = db.session.get(model, item_id) if model else None
    if item is None:
        raise NotFound(_("That roadmap item does not exist."))
    return item


def _checked_note(title: str, body: str, kind: str) -> tuple[str, str, str]:
    """A release note's title, body and kind, cleaned, or the reason they cannot be published."""
    title, body = " ".join((title or "").split()), (body or "").strip()
    if not title:
        raise DomainError(_("Give the release note a title."))
    if not body:
        raise DomainError(_("Write what shipped before publishing the release note."))
    if len(title) > TITLE_MAX:
        raise DomainError(_("Titles can be at most %(max)d characters.", max=TITLE_MAX))
    if len(body) > BODY_MAX:
        raise DomainError(_("Release notes can be at most %(max)d characters.", max=BODY_MAX))
    if kind not in RELEASE_KIND_LABELS:
        raise DomainError(_("Say whether it is new, improved or fixed."))
    return title, body, kind


def publish_release(subject: Theme | Idea, actor, body: str, title: str = "", kind: str = "new") -> Release:
    """Publish a changelog entry for a shipped theme or idea and tell everyone who asked for it."""
    require_staff(actor)
    if subject.status != IdeaStatus.SHIPPED:
        raise DomainError(_("Only shipped items get a release note; mark it Shipped first."))
    if isinstance(subject, Idea) and subject.merged_into_id:
        raise DomainError(_("This idea was merged; write the note on the idea it was merged into."))
    title, body, kind = _checked_note(title or subject.title, body, kind)
    release = Release(title=title, body=body, kind=kind, author_id=actor.id,
                      theme_id=subject.id if isinstance(subject, Theme) else None,
                      idea_id=subject.id if isinstance(subject, Idea) else None)
    db.session.add(release)
    db.session.flush()
    signals.release_published.send(release, actor=actor)
    return release


def edit_release(release: Release, actor, *, title: str, body: str, kind: str) -> Release:
    """Correct a published release note. Nobody is told again: they were told when it was published."""
    require_staff(actor)
    title, body, kind = _checked_note(title, body, kind)
    if (title, body, kind) == (release.title, release.body, release.kind):
        return release
    release.title, release.body, release.kind, release.edited_at = title, body, kind, utcnow()
    db.session.flush()
    record_event(actor, "release.edited", release, name=title, theme_id=release.theme_id, idea_id=release.idea_id)
    signals.release_edited.send(release, actor=actor)
    return release


def delete_release(release: Release, actor) -> None:
    """Take a release note off the changelog and its feed; what shipped stays shipped."""
    require_staff(actor)
    record_event(actor, "release.deleted", release, name=release.title, theme_id=release.theme_id, idea_id=release.idea_id)
    signals.release_deleted.send(release, actor=actor)
    db.session.delete(release)
    db.session.flush()


def withdraw_releases(item: Theme | Idea, actor) -> list[str]:
    """Take a theme's or an idea's own release notes off the changelog and its feed (it is no longer shipped), each
    on the audit log as a deletion; return their titles."""
    releases = db.session.scalars(releases_of(item)).all()
    for release in releases:
        delete_release(release, actor)
    return [release.title for release in releases]


def _require_on_roadmap(item) -> None:
    if item.status not in COLUMNS:
        raise DomainError(_("Only planned, in-progress and shipped items are on the roadmap."))
    if isinstance(item, Idea) and (item.theme_id or item.merged_into_id or item.withdrawn_at):
        raise DomainError(_("This idea is shown as part of another roadmap card."))


def set_pinned(item: Theme | Idea, pinned: bool, actor) -> None:
    """Pin a card to the top of its column, or unpin it."""
    require_staff(actor)
    _require_on_roadmap(item)
    item.roadmap_pinned = bool(pinned)
    db.session.flush()


def move(item: Theme | Idea, direction: str, actor) -> None:
    """Swap a card with its neighbour above or below (pinned cards move among pinned ones)."""
    require_staff(actor)
    _require_on_roadmap(item)
    if direction not in ("up", "down"):
        raise DomainError(_("Move a card up or down."))
    cards = [card.subject for card in column_of(item.status, actor)]
    index = next((i for i, subject in enumerate(cards) if subject is item), None)
    if index is None:
        raise NotFound(_("That roadmap item does not exist."))
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(cards) or cards[other].roadmap_pinned != item.roadmap_pinned:
        raise DomainError(_("This card can't move further that way."))
    cards[index], cards[other] = cards[other], cards[index]
    # Number the whole column so the new order holds however backers change later.
    for position, subject in enumerate(cards):
        subject.roadmap_position = position
    db.session.flush()


_MONTH = re.compile(r"(\d{4})-(\d{2})")


def parse_month(text: str) -> date | None:
    """The first day of a YYYY-MM month (what <input type="month"> sends); None for an empty text."""
    text = (text or "").strip()
    if not text:
        return None
    found = _MONTH.fullmatch(text)
    if not found or not 2000 <= int(found.group(1)) <= 2100 or not 1 <= int(found.group(2)) <= 12:
        raise DomainError(_("Give the month as YYYY-MM, for example %(month)s.", month=_months_ahead(3)))
    return date(int(found.group(1)), int(found.group(2)), 1)


def _months_ahead(count: int) -> str:
    """YYYY-MM of the month `count` months after this one: an example that is never in the past."""
    month = current_month()
    index = month.year * 12 + month.month - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def current_month(zone: tzinfo | str | None = None, now: datetime | None = None) -> date:
    """The first day of the month it is now in a time zone (a tzinfo or its name; UTC when unknown)."""
    if isinstance(zone, str):
        try:
            zone = ZoneInfo(zone)
        except (ZoneInfoNotFoundError, ValueError):
            zone = None
    return (now or utcnow()).astimezone(zone or timezone.utc).date().replace(day=1)


def set_eta(item: Theme | Idea, month: str, actor, now: datetime | None = None) -> date | None:
    """Set (or, with an empty month, clear) the month the team expects to ship a theme or idea. A new month must
    not have passed where the PM is; an ETA set earlier that has passed since stays until changed (it shows as
    overdue)."""
    require_staff(actor)
    if isinstance(item, Idea) and item.merged_into_id:
        raise DomainError(_("This idea was merged; set the ETA of the idea it was merged into."))
    eta = parse_month(month)
    if eta is not None and eta != item.eta and eta < current_month(actor.timezone, now):
        raise DomainError(_("%(month)s has passed: choose this month or a later one, or leave the ETA empty.",
                            month=month_label(eta)))
    if eta != item.eta:
        before, item.eta = item.eta, eta
        record_event(actor, "eta_set", item, title=item.title, eta=eta.isoformat()[:7] if eta else None)
        db.session.flush()
        signals.eta_changed.send(item, before=before, after=eta, actor=actor)
    return eta

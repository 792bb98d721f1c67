"""The team's estimate of the work a theme or an idea needs, in T-shirt sizes worth points.

The points follow a fibonacci-like scale, so "value for effort" (demand per point) halves as a size roughly
doubles. Only the team sees sizes.
"""
from flask_babel import gettext as _, lazy_gettext as _l

from ideabox.admin.audit import record_event
from ideabox.errors import DomainError
from ideabox.extensions import db

EFFORT_SIZES = {"xs": 1, "s": 2, "m": 3, "l": 5, "xl": 8}
# points -> how the team reads them ("M · 3 points")
EFFORT_LABELS = {points: _l("%(size)s · %(num)d points", size=size.upper(), num=points) if points > 1
                 else _l("%(size)s · 1 point", size=size.upper()) for size, points in EFFORT_SIZES.items()}


def points_for(size: str | None) -> int | None:
    """The points of a size name (any case; "" or None: not sized), or the reason it is not one."""
    size = (size or "").strip().lower()
    if size and size not in EFFORT_SIZES:
        raise DomainError(_("Choose a size from XS to XL, or none."))
    return EFFORT_SIZES.get(size)


def resize(item, size: str | None, actor):
    """Give a theme or an idea the size named (the caller checked who may), on the audit log when it changes."""
    effort = points_for(size)
    if effort != item.effort:
        record_event(actor, "effort_set", item, name=item.title, before=item.effort, after=effort)
        item.effort = effort
        db.session.flush()
    return item

"""What a change of theme membership did, in words for the PM: no idea leaves a theme unannounced."""
from dataclasses import dataclass

from flask_babel import gettext as _

from ideabox.models import Idea, Theme


@dataclass(frozen=True)
class Regrouping:
    """Ideas placed in `theme`: those that left another theme, the themes left empty, merged ideas named
    in place of their primary, and ideas from no theme that joined the one others of them were in."""

    theme: Theme
    moved: tuple[tuple[Idea, Theme], ...] = ()
    emptied: tuple[Theme, ...] = ()
    stand_ins: tuple[tuple[Idea, Idea], ...] = ()
    joined: tuple[Idea, ...] = ()


def sentences(regrouping: Regrouping) -> list[str]:
    """One sentence for each merged idea that stood for its primary, each move, each idea that joined the
    theme of the others, and each theme left empty."""
    said = [_("#%(merged)d was merged into #%(primary)d, so #%(primary)d was added.",
              merged=merged.id, primary=primary.id) for merged, primary in regrouping.stand_ins]
    said += [_("#%(id)d moved from “%(old)s” to “%(new)s”.", id=idea.id, old=old.title, new=regrouping.theme.title)
             for idea, old in regrouping.moved]
    said += [_("#%(id)d joined the theme “%(title)s”.", id=idea.id, title=regrouping.theme.title)
             for idea in regrouping.joined]
    said += [_("“%(title)s” has no ideas left; delete it on its page if it is no longer needed.", title=theme.title)
             for theme in regrouping.emptied]
    return said

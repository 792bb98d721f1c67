"""Turn domain signals into webhook events. An event about a private board's idea reaches only the endpoints
that include private boards; one reaches an endpoint limited to some boards only when it is about one of them
(an idea's event: the board the idea is on now; a move: the board it left too); internal notes and hidden
comments never leave."""
from ideabox import signals
from ideabox.roadmap.queries import is_public_release
from ideabox.themes.queries import can_view_theme
from ideabox.webhooks import payloads
from ideabox.webhooks.events import publish
from ideabox.webhooks.queries import theme_board_ids


def _idea_event(event_type: str, idea, announce: bool = True, boards: set[int] = frozenset(),
                private_data: dict | None = None, announce_publicly: bool = True, **data) -> None:
    data = {"idea": payloads.idea(idea), **data}
    publish(event_type, data, boards={idea.board.id, *boards}, private=idea.board.is_private, announce=announce,
            private_data={**data, **private_data} if private_data else None, announce_publicly=announce_publicly)


@signals.idea_submitted.connect
def idea_created(idea, actor=None, **_):
    _idea_event("idea.created", idea)


@signals.idea_withdrawn.connect
def idea_withdrawn(idea, actor=None, **_):
    _idea_event("idea.withdrawn", idea)


@signals.idea_status_changed.connect
def idea_status_changed(idea, change, actor=None, quiet=False, **_):
    """A correction the PM asked to tell nobody about still reaches systems that keep the status in sync, marked
    as one, but no chat channel."""
    _idea_event("idea.status_changed", idea, announce=not quiet, from_status=payloads.status(change.from_status),
                to_status=payloads.status(change.to_status), note=change.note, changed_by=payloads.person(actor),
                correction=bool(quiet))


@signals.vote_cast.connect
def vote_created(idea, voter=None, **_):
    _idea_event("vote.created", idea, voter=payloads.person(voter))


@signals.vote_retracted.connect
def vote_deleted(idea, voter=None, **_):
    _idea_event("vote.deleted", idea, voter=payloads.person(voter))


@signals.comment_added.connect
def comment_created(comment, actor=None, **_):
    if comment.is_internal or comment.is_hidden:
        return
    _idea_event("comment.created", comment.idea, comment=payloads.comment(comment))


def _listed(ideas) -> list[dict]:
    return [{"id": idea.id, "title": idea.title, "url": payloads.idea_url(idea)} for idea in ideas]


@signals.ideas_merged.connect
def ideas_merged(primary, merged=(), actor=None, **_):
    """About the kept idea's board and the duplicates' boards, so the team of a duplicate's board hears where its
    votes went; private when the kept idea is. A duplicate from a private board is named only to the endpoints
    that include private boards, as the site names it only to those who may see that board; a chat channel leaving
    them out hears nothing of a merge of private duplicates only."""
    public = [idea for idea in merged if not idea.board.is_private]
    _idea_event("ideas.merged", primary, boards={idea.board.id for idea in merged}, merged=_listed(public),
                merged_by=payloads.person(actor), announce_publicly=bool(public),
                private_data={"merged": _listed(merged)} if len(public) < len(merged) else None)


@signals.idea_moved.connect
def idea_moved(idea, from_board, merged=(), actor=None, **_):
    """About both boards, so the team of the board an idea left hears of it; private when both boards are. An
    endpoint that leaves out private boards never learns a private board's name: an idea from one arrives from
    nowhere (`from_board` null); one moved onto a private board leaves its public board (`to_board` null), told
    only by its id and title, which were public until then."""
    to_board = idea.board
    data = {"idea": payloads.idea(idea), "from_board": payloads.board(from_board),
            "to_board": payloads.board(to_board), "moved_by": payloads.person(actor), "merged": _listed(merged)}
    if to_board.is_private:
        public = {**data, "idea": {"id": idea.id, "title": idea.title}, "to_board": None, "merged": []}
    else:
        public = {**data, "from_board": None if from_board.is_private else data["from_board"]}
    publish("idea.moved", public, boards={from_board.id, to_board.id},
            private=from_board.is_private and to_board.is_private,
            private_data=data if from_board.is_private or to_board.is_private else None)


@signals.theme_status_changed.connect
def theme_status_changed(theme, from_status=None, to_status=None, note="", actor=None, quiet=False, **_):
    """As for an idea: a correction still reaches systems that keep statuses in sync, marked, but no chat channel."""
    data = {"theme": payloads.theme(theme), "from_status": payloads.status(from_status),
            "to_status": payloads.status(to_status), "note": note, "changed_by": payloads.person(actor),
            "correction": bool(quiet)}
    publish("theme.status_changed", data, boards=theme_board_ids(theme.id), private=not can_view_theme(None, theme),
            announce=not quiet)


def _release_event(release) -> tuple[dict, set[int]]:
    """A release note's event data, and the boards it is about: those of its theme's or idea's ideas (a note about
    neither is about no board)."""
    boards = theme_board_ids(release.theme.id) if release.theme else set()
    if release.idea:
        boards.add(release.idea.board.id)
    data = {"release": payloads.release(release),
            "theme": payloads.theme(release.theme) if release.theme else None,
            "idea": payloads.idea(release.idea) if release.idea else None}
    return data, boards


@signals.release_published.connect
def release_published(release, actor=None, **_):
    data, boards = _release_event(release)
    publish("release.published", data, boards=boards, private=not is_public_release(release))


@signals.release_deleted.connect
def release_deleted(release, actor=None, **_):
    """Systems that mirror the changelog hear that a note is gone; no chat channel, since it is often a status
    corrected without telling anyone."""
    data, boards = _release_event(release)
    publish("release.deleted", {**data, "deleted_by": payloads.person(actor)}, boards=boards,
            private=not is_public_release(release), announce=False)

"""What customers and PMs do to ideas: submit, edit, withdraw, vote, comment, follow, set status, move.

Every function takes the acting user explicitly, raises a DomainError the view can show,
flushes (the caller commits once) and then sends the matching signal from ideabox.signals.
"""

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError

from ideabox import signals
from ideabox.admin.audit import record_event
from ideabox.auth.taking_part import require_confirmed_email
from ideabox.backers import family_ids, recount, recount_with_primary
from ideabox.comments.mentions import MENTION, check_mentions
from ideabox.comments.services import clean_comment_body
from ideabox.effort import resize
from ideabox.ideas.posted_once import add_status_changes_once, earlier_status_changes, submission_digest
from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db
from ideabox.models import Comment, Follow, Idea, IdeaStatus, StatusChange, Vote, utcnow
from ideabox.models.idea import BODY_MAX, COMMENT_MAX, TITLE_MAX
from ideabox.permissions import can_edit_idea, can_view_board, can_use_internal_notes, is_staff
from ideabox.roadmap import services as roadmap
from ideabox.text import says_nothing


class IdempotencyKeyReused(DomainError):
    """An API client sent other content under the Idempotency-Key of an earlier post of theirs (no page sends one)."""

    def __init__(self):
        super().__init__("This Idempotency-Key was used for another post.")  # the API says it in its own words


def submit_idea(board, author, title: str, body: str = "", tags=(), submission_key: str | None = None,
                idempotency_key: str | None = None) -> Idea:
    """Post a new idea on a board; the author backs and follows it straight away. A board closed to new
    ideas refuses everyone, staff included: they reopen it first. The same form sent again (submission_key:
    its answer was lost, or it was clicked twice) with the same words gets the idea the first send posted.
    An API client's idempotency_key names one idea: sent again with the same board and words it gets that
    idea, with others IdempotencyKeyReused."""
    _require_member(author)
    title, body = _clean_title(title), _clean_body(body)
    submission_key = _posting_key(submission_key, idempotency_key, title, body)
    if earlier := _posted_before(Idea, author.id, submission_key):
        return _repeated(earlier, idempotency_key, _same_idea(earlier, board, title, body))
    require_confirmed_email(author)
    if not can_view_board(author, board):
        raise NotFound(_("This board does not exist."))
    if not board.accepts_ideas:
        raise DomainError(" ".join(filter(None, [_("“%(board)s” is closed to new ideas.", board=board.name),
                                                 board.closed_message])))
    idea = Idea(board=board, author=author, title=title, body=body, tags=list(tags), submission_key=submission_key)
    if (stored := _add_once(idea, author)) is not idea:
        return _repeated(stored, idempotency_key, _same_idea(stored, board, title, body))
    _insert_once(Vote, idea_id=idea.id, user_id=author.id)
    _insert_once(Follow, idea_id=idea.id, user_id=author.id)
    recount_with_primary(idea)
    signals.idea_submitted.send(idea, actor=author)
    return idea


def edit_idea(idea, actor, title: str, body: str = "", tags=()) -> Idea:
    """Change an idea's title, body and tags (author until others back it; staff always)."""
    _require_editable(idea, actor)
    require_confirmed_email(actor)  # new words are taking part; withdrawing stays open
    idea.title = _clean_title(title)
    idea.body = _clean_body(body)
    idea.tags = list(tags)
    db.session.flush()
    signals.idea_edited.send(idea, actor=actor)
    return idea


def withdraw_idea(idea, actor) -> Idea:
    """Take an idea off its board (author until others back it; staff always)."""
    _require_editable(idea, actor)
    idea.withdrawn_at = utcnow()
    db.session.flush()
    signals.idea_withdrawn.send(idea, actor=actor)
    return idea


def cast_vote(idea, user) -> bool:
    """Back an idea; return False when the user had already voted (no error, no double count)."""
    _require_open_to(idea, user)
    require_confirmed_email(user)
    inserted = _insert_once(Vote, idea_id=idea.id, user_id=user.id)
    recount_with_primary(idea)
    if inserted:
        signals.vote_cast.send(idea, voter=user)
    return inserted


def retract_vote(idea, user) -> bool:
    """Withdraw the user's support, votes on duplicates merged into the idea included; False if none."""
    _require_open_to(idea, user)
    voted_on = list(db.session.scalars(_own_votes_in_family(idea, user)))
    if not voted_on:
        return False
    db.session.execute(delete(Vote).where(Vote.user_id == user.id, Vote.idea_id.in_(voted_on)))
    for duplicate_id in set(voted_on) - {idea.id}:
        recount(db.session.get(Idea, duplicate_id))
    recount_with_primary(idea)
    signals.vote_retracted.send(idea, voter=user)
    return True


def toggle_vote(idea, user, wanted: bool | None = None) -> bool:
    """Vote if the user does not back the idea yet, un-vote if they do; return whether they now back it. With
    `wanted` (what the button pressed showed: a page open since in another tab may show the other state), it is
    set to that, and left as it is when it is so already."""
    _require_open_to(idea, user)
    backs = db.session.scalars(_own_votes_in_family(idea, user)).first() is not None
    if wanted is not None and wanted == backs:
        return backs
    if backs:
        retract_vote(idea, user)
        return False
    cast_vote(idea, user)
    return True


def add_comment(idea, author, body: str, internal: bool = False, submission_key: str | None = None,
                idempotency_key: str | None = None) -> Comment:
    """Comment on an idea, or, for the team, leave an internal note customers never see (and that
    the idea's public comment count leaves out); the commenter follows the idea from now on. The same
    form sent again (submission_key) with the same words gets the comment the first send posted; an API
    client's idempotency_key names one comment, as in submit_idea (the idea it is on included)."""
    _require_open_to(idea, author)
    if internal and not can_use_internal_notes(author):  # before the key: a role refused is not a key reused
        raise PermissionDenied(_("Only the product team can write internal notes."))
    body = clean_comment_body(body)
    submission_key = _posting_key(submission_key, idempotency_key, str(idea.id), str(internal), body)
    if earlier := _posted_before(Comment, author.id, submission_key):
        return _repeated(earlier, idempotency_key, _same_comment(earlier, idea, internal, body))
    require_confirmed_email(author)
    body = check_mentions(body, idea, author, internal)
    comment = Comment(idea_id=idea.id, author_id=author.id, body=body, is_internal=internal,
                      submission_key=submission_key)
    if (stored := _add_once(comment, author)) is not comment:
        return _repeated(stored, idempotency_key, _same_comment(stored, idea, internal, body))
    if not internal:
        idea.comment_count = Idea.comment_count + 1
    db.session.flush()
    db.session.refresh(idea, ["comment_count"])
    _insert_once(Follow, idea_id=idea.id, user_id=author.id)
    signals.comment_added.send(comment, actor=author)
    return comment


def toggle_follow(idea, user, wanted: bool | None = None) -> bool:
    """Follow or unfollow an idea; return whether the user now follows it. With `wanted`, as in toggle_vote. A follow
    of a duplicate merged into it counts as following it, and unfollowing stops them all, as news of it reaches
    the followers of every one."""
    _require_open_to(idea, user)
    own_follows = (Follow.user_id == user.id, Follow.idea_id.in_(family_ids(idea.id)))
    if wanted is not None:
        follows = db.session.scalar(select(Follow.idea_id).where(*own_follows).limit(1))
        if wanted == (follows is not None):
            return wanted
    deleted = db.session.execute(delete(Follow).where(*own_follows)).rowcount
    if deleted:
        return False
    _insert_once(Follow, idea_id=idea.id, user_id=user.id)
    return True


def move_idea(idea, board, actor) -> Idea:
    """Move an idea filed on the wrong board, with the duplicates merged into it (staff only; on the
    audit log)."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers can move ideas between boards."))
    if idea.merged_into_id:
        raise DomainError(_("This idea was merged; move the idea it was merged into."))
    if board is None:
        raise DomainError(_("Choose a board to move the idea to."))
    if board.id == idea.board_id:
        raise DomainError(_("The idea is already on this board."))
    origin = idea.board
    family = db.session.scalars(select(Idea).where(Idea.id.in_(family_ids(idea.id))).order_by(Idea.id)).all()
    for member in family:
        member.board = board
    record_event(actor, "idea.moved", idea, primary_title=idea.title, from_board=origin.name, to_board=board.name)
    db.session.flush()
    signals.idea_moved.send(idea, from_board=origin, merged=[m for m in family if m is not idea], actor=actor)
    return idea


def assign_owner(idea, owner, actor) -> Idea:
    """Give the idea an owner from the staff (None: nobody), who follows it from now on; on the audit
    log, and the new owner is told (staff only)."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers can assign ideas."))
    if idea.merged_into_id:
        raise DomainError(_("This idea was merged; assign the idea it was merged into."))
    if owner is not None and (not is_staff(owner) or owner.is_suspended):
        raise DomainError(_("Only product managers and admins can own ideas."))
    if (owner.id if owner else None) == idea.owner_id:
        return idea
    before = idea.owner.display_name if idea.owner else None
    idea.owner = owner
    record_event(actor, "idea.assigned", idea, primary_title=idea.title, before=before,
                 after=owner.display_name if owner else None)
    db.session.flush()
    if owner is not None:
        _insert_once(Follow, idea_id=idea.id, user_id=owner.id)
    signals.idea_assigned.send(idea, actor=actor)
    return idea


def set_effort(idea, size: str, actor) -> Idea:
    """Record the team's estimate of the work an idea needs (ideabox.effort; "" for none). An idea in a
    theme is sized with its theme, a merged one with the idea it went into."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers can size ideas."))
    if idea.merged_into_id:
        raise DomainError(_("This idea was merged; size the idea it was merged into."))
    if idea.theme_id:
        raise DomainError(_("This idea is part of a theme; size the theme instead."))
    return resize(idea, size, actor)


def change_status(idea, new_status, actor, note: str = "", release_note: str = "", quiet: bool = False,
                  withdraw_releases: bool = True, submission_key: str | None = None,
                  idempotency_key: str | None = None) -> StatusChange:
    """Set an idea's status (staff only), recording who, when and the official reply. quiet: tell nobody
    (a correction: the idea was set to the wrong status a moment ago). Moving it off Shipped, quietly or not,
    withdraws its release notes from the changelog, which must not announce what is no longer shipped, unless
    withdraw_releases is False (the PM chose to keep them: what they describe did go out). The same status form
    sent again (submission_key, as for submit_idea), or an API request sent again with its Idempotency-Key, changes
    nothing and gives the change the first send made; the same key with another status or note is refused."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers can change an idea's status."))
    if idea.merged_into_id:
        raise DomainError(_("This idea was merged; change the status of the idea it was merged into."))
    try:
        new_status = IdeaStatus(new_status)
    except ValueError:
        raise DomainError(_("Choose one of the listed statuses.")) from None
    note, release_note = (note or "").strip(), (release_note or "").strip()
    submission_key = _posting_key(submission_key, idempotency_key, "idea", str(idea.id), new_status.value, note,
                                  release_note, str(bool(quiet)))
    if earlier := earlier_status_changes(actor.id, submission_key):
        return _repeated(earlier[0], idempotency_key, _same_status(earlier[0], idea, new_status, note))
    if len(note) > COMMENT_MAX or len(release_note) > BODY_MAX:
        raise DomainError(_("The reply or release note is too long."))
    if release_note and new_status != IdeaStatus.SHIPPED:
        raise DomainError(_("A release note is published only when the status is Shipped."))
    if release_note and quiet:
        raise DomainError(_("A release note tells everyone who asked for the idea: publish it without "
                            "“Tell nobody”, or leave the note out."))
    if new_status == idea.status and not note:
        raise DomainError(_("The idea is already in this status; add a reply to post an update."))
    change = StatusChange(idea_id=idea.id, from_status=idea.status, to_status=new_status, note=note,
                          changed_by_id=actor.id, submission_key=submission_key)
    if (stored := add_status_changes_once([change], actor.id)[0]) is not change:
        return stored
    unshipped = idea.status == IdeaStatus.SHIPPED and new_status != IdeaStatus.SHIPPED
    idea.status = new_status
    db.session.flush()
    if unshipped and withdraw_releases:
        roadmap.withdraw_releases(idea, actor)
    signals.idea_status_changed.send(idea, change=change, actor=actor, release_note=release_note, quiet=quiet)
    return change


def _clean_title(title: str) -> str:
    title = " ".join((title or "").split())
    if says_nothing(title):
        raise DomainError(_("Give your idea a title."))
    if len(title) > TITLE_MAX:
        raise DomainError(_("Titles can be at most %(max)d characters.", max=TITLE_MAX))
    return title


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if len(body) > BODY_MAX:
        raise DomainError(_("Descriptions can be at most %(max)d characters.", max=BODY_MAX))
    return body


def _require_member(user) -> None:
    if not (user and user.is_authenticated):
        raise PermissionDenied(_("Sign in to do that."))


def _require_open_to(idea, user) -> None:
    """The idea accepts votes, comments and follows from this user."""
    _require_member(user)
    if not can_view_board(user, idea.board) or (idea.withdrawn_at and not is_staff(user)):
        raise NotFound(_("This idea does not exist."))
    if idea.withdrawn_at:
        raise DomainError(_("This idea was withdrawn by its author."))
    if idea.merged_into_id:
        raise DomainError(_("This idea was merged into another one; continue there."))


def _require_editable(idea, actor) -> None:
    _require_member(actor)
    if idea.withdrawn_at:
        raise DomainError(_("This idea was already withdrawn."))
    if idea.merged_into_id and not is_staff(actor):  # its words are part of the idea it went into, as reviewed
        raise DomainError(_("This idea was merged into another one; continue there."))
    if not can_edit_idea(actor, idea):
        raise PermissionDenied(_("Only the author can change this idea, and only until others vote for it."))


def _own_votes_in_family(idea, user):
    """A select of the ids of ideas in the idea's merge family the user voted on."""
    return select(Vote.idea_id).where(Vote.user_id == user.id, Vote.idea_id.in_(family_ids(idea.id)))


def _posting_key(form_key: str | None, idempotency_key: str | None, *words: str) -> str | None:
    """The submission_key to store. An API client's Idempotency-Key alone names its post, so that a repeat carrying
    other words is found, and refused rather than posted; a form's key names a send only with the words it carries."""
    if idempotency_key:
        return submission_digest("Idempotency-Key", idempotency_key)
    return submission_digest(form_key, *words)


def _repeated(earlier, idempotency_key: str | None, same: bool):
    """The post this send repeats; under an API client's Idempotency-Key it must carry what that post carried."""
    if idempotency_key and not same:
        raise IdempotencyKeyReused()
    return earlier


def _same_status(change, idea, status, note: str) -> bool:
    return (change.idea_id, change.to_status, change.note) == (idea.id, status, note)


def _same_idea(idea, board, title: str, body: str) -> bool:
    return (idea.board_id, idea.title, idea.body) == (board.id, title, body)


def _same_comment(comment, idea, internal: bool, body: str) -> bool:
    return (comment.idea_id, comment.is_internal, _unlabelled(comment.body)) == (idea.id, internal, _unlabelled(body))


def _unlabelled(text: str) -> str:
    """The text with each mention reduced to whom it names: a stored comment labels them with the names of the day."""
    return MENTION.sub(lambda found: f"(mention:{found.group(2)})", text)


def _posted_before(model, author_id: int, submission_key: str | None):
    """The idea or comment this person posted with this form key, if any."""
    if not submission_key:
        return None
    return db.session.scalar(select(model).where(model.author_id == author_id, model.submission_key == submission_key))


def _add_once(row, author):
    """Insert a new idea or comment and return it, or the one a resend of the same form (its key) inserted a moment
    ago."""
    try:
        with db.session.begin_nested():
            db.session.add(row)
    except IntegrityError:
        earlier = _posted_before(type(row), author.id, row.submission_key)
        if earlier is None:
            raise
        return earlier
    return row


def _insert_once(model, **values) -> bool:
    """INSERT … ON CONFLICT DO NOTHING: a concurrent duplicate is a no-op, never an IntegrityError."""
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    else:
        from sqlalchemy.dialects.sqlite import insert
    table = model.__table__
    statement = insert(table).values(**values).on_conflict_do_nothing().returning(*table.primary_key.columns)
    return db.session.connection().execute(statement).first() is not None

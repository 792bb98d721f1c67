"""Administration rules: boards, tags, customer accounts, and people's roles and suspensions."""
import re

from flask_babel import gettext as _
from sqlalchemy import func, select

from ideabox.admin.audit import record_event
from ideabox.auth import erasure, services as accounts
from ideabox.errors import FieldError
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.models import Board, CustomerAccount, Idea, ProxyVote, Tag, User
from ideabox.models.board import CLOSED_MESSAGE_MAX
from ideabox.permissions import can_admin, is_staff

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
COLOR_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}$")


def require_staff(actor) -> None:
    """Refuse unless `actor` is a PM or an admin."""
    if not is_staff(actor):
        raise PermissionDenied(_("Only product managers and administrators can do this."))


def require_admin(actor) -> None:
    """Refuse unless `actor` is an admin."""
    if not can_admin(actor):
        raise PermissionDenied(_("Only administrators can do this."))


def clean_text(field: str, value: str | None, max_length: int, *, required=True) -> str:
    """Trim `value`; refuse it when required and empty, or when longer than `max_length`."""
    value = (value or "").strip()
    if required and not value:
        raise FieldError(field, _("This field is required."))
    if len(value) > max_length:
        raise FieldError(field, _("Use at most %(count)d characters.", count=max_length))
    return value


def clean_slug(model, slug: str | None, max_length: int, current=None) -> str:
    """Check a URL slug: lowercase letters, digits and single hyphens, not used by another row of `model`."""
    slug = clean_text("slug", slug, max_length).lower()
    if not SLUG_PATTERN.match(slug):
        raise FieldError("slug", _("Use lowercase letters, digits and hyphens only, like “mobile-app”."))
    taken = db.session.scalar(select(model.id).where(model.slug == slug))
    if taken is not None and (current is None or taken != current.id):
        raise FieldError("slug", _("The address “%(slug)s” is already used. Pick another.", slug=slug))
    return slug


def save_board(actor, board: Board | None, *, name, slug, description="", is_private=False, accepts_ideas=True,
               closed_message="") -> Board:
    """Create a board (when `board` is None) or update it; a board that does not accept ideas is closed to new
    ones, and `closed_message` tells people why (or where to post instead)."""
    require_staff(actor)
    values = dict(
        name=clean_text("name", name, 80),
        slug=clean_slug(Board, slug, 60, current=board),
        description=clean_text("description", description, 2000, required=False),
        is_private=bool(is_private),
        accepts_ideas=bool(accepts_ideas),
        closed_message=clean_text("closed_message", closed_message, CLOSED_MESSAGE_MAX, required=False),
    )
    board = _apply(board or Board(), values)
    record_event(actor, "board.saved", board, **values)
    return board


def delete_board(actor, board: Board) -> None:
    """Delete an empty board; a board with ideas is refused, so no idea is ever lost this way."""
    require_staff(actor)
    ideas = db.session.scalar(select(func.count(Idea.id)).where(Idea.board_id == board.id))
    if ideas:
        raise DomainError(
            _("“%(name)s” still has %(count)d ideas. Move them to another board first.", name=board.name, count=ideas)
        )
    record_event(actor, "board.deleted", board, name=board.name, slug=board.slug)
    db.session.delete(board)
    db.session.flush()


def save_tag(actor, tag: Tag | None, *, name, slug, color="#6366f1") -> Tag:
    """Create a tag (when `tag` is None) or update it."""
    require_staff(actor)
    color = (color or "").strip()
    if not COLOR_PATTERN.match(color):
        raise FieldError("color", _("Use a colour like #6366f1."))
    values = dict(name=clean_text("name", name, 40), slug=clean_slug(Tag, slug, 40, current=tag), color=color.lower())
    tag = _apply(tag or Tag(), values)
    record_event(actor, "tag.saved", tag, **values)
    return tag


def delete_tag(actor, tag: Tag) -> None:
    """Delete a tag; the ideas that carried it keep everything else."""
    require_staff(actor)
    record_event(actor, "tag.deleted", tag, name=tag.name, slug=tag.slug)
    db.session.delete(tag)
    db.session.flush()


def save_customer_account(actor, account: CustomerAccount | None, *, name, segment=None, annual_revenue=None):
    """Create a customer account (when `account` is None) or update it."""
    require_staff(actor)
    name = clean_text("name", name, 120)
    taken = db.session.scalar(select(CustomerAccount.id).where(func.lower(CustomerAccount.name) == name.lower()))
    if taken is not None and (account is None or taken != account.id):
        raise FieldError("name", _("There is already a customer account called “%(name)s”.", name=name))
    if annual_revenue is not None and (not isinstance(annual_revenue, int) or annual_revenue < 0):
        raise FieldError("annual_revenue", _("Enter the annual revenue as a whole number, zero or more."))
    values = dict(name=name, segment=clean_text("segment", segment, 60, required=False) or None, annual_revenue=annual_revenue)
    account = _apply(account or CustomerAccount(), values)
    record_event(actor, "customer_account.saved", account, **values)
    return account


def delete_customer_account(actor, account: CustomerAccount) -> None:
    """Delete a customer account unless demand was recorded for it; its people stay, unattached."""
    require_staff(actor)
    recorded = db.session.scalar(select(func.count(ProxyVote.id)).where(ProxyVote.customer_account_id == account.id))
    if recorded:
        raise DomainError(
            _("Demand from “%(name)s” is recorded on %(count)d ideas; deleting it would lose that.", name=account.name, count=recorded)
        )
    for member in account.members:
        member.customer_account = None
    record_event(actor, "customer_account.deleted", account, name=account.name)
    db.session.delete(account)
    db.session.flush()


def attach_user(actor, account: CustomerAccount, email: str) -> User:
    """Make the person with `email` a member of `account` (moving them from any other account)."""
    require_staff(actor)
    user = accounts.find_user_by_email(email)
    if user is None:
        raise FieldError("email", _("No one has signed up with %(email)s yet.", email=(email or "").strip()))
    user.customer_account = account
    record_event(actor, "customer_account.member_added", account, name=account.name, email=user.email)
    db.session.flush()
    return user


def detach_user(actor, account: CustomerAccount, user: User) -> None:
    """Remove `user` from `account`."""
    require_staff(actor)
    if user.customer_account_id != account.id:
        raise DomainError(_("%(name)s is not a member of %(account)s.", name=user.display_name, account=account.name))
    user.customer_account = None
    record_event(actor, "customer_account.member_removed", account, name=account.name, email=user.email)
    db.session.flush()


def change_role(actor, user: User, role) -> User:
    """An admin gives someone else a role (never themselves: that is how the last admin gets locked out)."""
    require_admin(actor)
    _require_not_erased(user)
    if user.id == actor.id:
        raise DomainError(_("You can't change your own role. Ask another administrator."))
    return accounts.set_role(user, role, actor=actor)


def _require_not_erased(user: User) -> None:
    if user.erased_at:
        raise DomainError(_("This account is erased; there is nothing left to change."))


def erase_user(actor, user: User) -> User:
    """An admin erases someone's account at their request (auth.erasure): on the audit log."""
    require_admin(actor)
    if user.id == actor.id:
        raise DomainError(_("Erase your own account from your account settings."))
    return erasure.erase_account(user, actor)


def set_suspended(actor, user: User, suspended: bool) -> User:
    """Suspend someone (they can no longer sign in, and every session of theirs ends, so lifting it later does not
    bring back a session someone may have stolen) or lift the suspension."""
    require_admin(actor)
    _require_not_erased(user)
    if user.id == actor.id:
        raise DomainError(_("You can't suspend yourself."))
    if bool(user.is_suspended) == bool(suspended):
        return user
    user.is_suspended = bool(suspended)
    if suspended:
        accounts.end_sessions(user)
    record_event(actor, "user.suspended" if suspended else "user.unsuspended", user, email=user.email)
    db.session.flush()
    return user


def _apply(instance, values: dict):
    for name, value in values.items():
        setattr(instance, name, value)
    if instance.id is None:
        db.session.add(instance)
    db.session.flush()
    return instance

"""The admin blueprint and the few steps every admin page shares."""
from flask import Blueprint, abort, flash, redirect, render_template

from ideabox.auth.submit import submit_form
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.models import Role
from ideabox.permissions import role_required
from ideabox.routing import within_pages

bp = Blueprint("admin", __name__)

staff_required = role_required(Role.PM)
admin_required = role_required(Role.ADMIN)
PER_PAGE = 25


def page_of(query, per_page=PER_PAGE):
    """One page of `query`, from the ?page= argument; a page past the end sends the browser to the last one."""
    return within_pages(db.paginate(query, per_page=per_page, max_per_page=100, error_out=False))


def save_form(submitted, save, success, redirect_to, template, form_name="form", page_context=None, **context):
    """Validate the `submitted` form, call `save(form)` and commit, or show it again with every reason it was
    refused; page_context() gives what else that page shows, built only when it is shown."""
    saved = submit_form(submitted, save)
    if saved is not None:
        flash(success(saved), "success")
        return redirect(redirect_to(saved), code=303)
    return render_template(template, **{form_name: submitted, **context, **(page_context() if page_context else {})})


def run_action(action, success, redirect_to):
    """Run a button's action (delete, suspend…), commit, and go back with a message saying what happened."""
    try:
        action()
    except PermissionDenied:
        abort(403)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(redirect_to, code=303)


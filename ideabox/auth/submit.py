"""Running a submitted form through a service: one commit, or the form shown again with the reasons."""
from flask import abort

from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db


def show_domain_error(form, error) -> None:
    """Show a service's refusal on the form: beside the field it names, else above the form."""
    field = getattr(form, getattr(error, "field", "") or "", None)
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        form.form_errors.append(error.message)


def submit_form(form, action):
    """If `form` was submitted and is valid, run `action(form)` and commit; return its result.

    Returns None when the form was not submitted, is invalid, or the service refused (its reason is then on the form).
    """
    if not form.validate_on_submit():
        return None
    try:
        result = action(form)
    except PermissionDenied:
        abort(403)
    except DomainError as error:
        db.session.rollback()
        show_domain_error(form, error)
        return None
    db.session.commit()
    return result

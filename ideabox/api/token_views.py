"""The page where a person makes and revokes their API tokens (a web page, with the site's session and CSRF)."""
from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _, lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm

from ideabox.admin.forms import name_field
from ideabox.api import tokens
from ideabox.auth.submit import submit_form
from ideabox.errors import DomainError
from ideabox.extensions import db

bp = Blueprint("api_tokens", __name__)


class TokenForm(FlaskForm):
    name = name_field(80, label=_l("What it is for"))


@bp.route("/account/api-tokens", methods=["GET", "POST"])
@login_required
def token_list():
    """Every token of the signed-in person; a new one is shown in full this once, never again."""
    form = TokenForm()
    made = submit_form(form, lambda form: tokens.make_token(current_user, form.name.data))
    if made is not None:
        form = TokenForm(formdata=None)
    return render_template("api/tokens.html", form=form, tokens=tokens.tokens_of(current_user),
                           new_token=made[1] if made else None, new_token_id=made[0].id if made else None), \
        201 if made else 200


@bp.route("/account/api-tokens/<int:token_id>/revoke", methods=["POST"])
@login_required
def revoke(token_id):
    try:
        token = tokens.revoke_token(current_user, token_id)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
    else:
        db.session.commit()
        flash(_("The token “%(name)s” is revoked: calls that carry it are refused from now on.", name=token.name),
              "success")
    return redirect(url_for(".token_list"), code=303)

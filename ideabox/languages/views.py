"""The language switcher: visitors keep their choice in a cookie, signed-in people in their account."""
from flask import Blueprint, redirect, request, url_for
from flask_login import current_user

from ideabox.auth.redirects import safe_next_url
from ideabox.auth.submit import submit_form
from ideabox.i18n import LOCALE_COOKIE, LOCALE_COOKIE_MAX_AGE, set_language
from ideabox.languages.forms import LanguageForm

bp = Blueprint("languages", __name__)


@bp.post("/language")
def switch():
    """Read the site in the chosen language from now on, back on the page the switcher was on."""
    form = LanguageForm()
    response = redirect(safe_next_url(form.next.data, url_for("ideas.home")), code=303)
    if current_user.is_authenticated:
        chosen = submit_form(form, lambda form: set_language(current_user, form.locale.data))
    else:
        chosen = form.validate_on_submit()
    if chosen:
        response.set_cookie(LOCALE_COOKIE, form.locale.data, max_age=LOCALE_COOKIE_MAX_AGE, samesite="Lax",
                            httponly=True, secure=request.is_secure)
    return response

"""Views of the auth area: sign up, sign in, sign out, account settings."""
import json

from flask import Blueprint, Response, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _, refresh
from flask_login import current_user, login_required, login_user, logout_user

from ideabox.auth import confirm, erasure, invitations, reset, services
from ideabox.auth.forms import (
    AcceptInvitationForm,
    AccountForm,
    EmailChangeForm,
    ForgotPasswordForm,
    LoginForm,
    PasswordForm,
    RegisterForm,
    ResendConfirmationForm,
    ResetPasswordForm,
    erase_account_form,
)
from ideabox.auth.redirects import after_sign_in, safe_next_url
from ideabox.auth.submit import submit_form
from ideabox.errors import DomainError
from ideabox.extensions import db, limiter
from ideabox.i18n import chosen_locale, page_for
from ideabox.permissions import can_see_insights
from ideabox.sso import policy, queries as sso_queries
from ideabox.templating import ROLE_LABELS

bp = Blueprint("auth", __name__)

AUTH_RATE_LIMIT = "10 per minute"
# each asks for an email to an address: enough for typos, too few to mail-bomb someone
CONFIRM_EMAIL_RATE_LIMIT = "5 per hour"
EXPORT_RATE_LIMIT = "10 per hour"


def home_url() -> str:
    """The front page."""
    return url_for("ideas.home")


def next_url() -> str:
    """Where to go after signing in or up: the safe `next` parameter, never back to the auth pages."""
    return after_sign_in(request.args.get("next"))


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = LoginForm()
    user = submit_form(form, lambda form: policy.require_password_allowed(
        services.authenticate(form.email.data, form.password.data)))
    if user:
        login_user(user, remember=form.remember.data)
        flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
        return redirect(next_url())
    return render_template("auth/login.html", form=form, next=request.args.get("next", ""), **_sso_context())


def _sso_context() -> dict:
    """What the sign-in and sign-up pages need for single sign-on: the providers' buttons, and whether the
    password form shows (while SSO only is on, just for ?password=1, the admins' fallback)."""
    sso_only = policy.sso_only()
    return {"sso_providers": sso_queries.enabled_providers(), "sso_only": sso_only,
            "password_fallback": sso_only and request.args.get("password") == "1"}


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def register():
    """Create an account and sign in with it."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = RegisterForm()

    def sign_up(form):
        policy.require_registration_open()
        user = services.register_user(
            form.email.data, form.display_name.data, form.password.data, timezone=request.cookies.get("tz"),
            locale=chosen_locale(),
        )
        confirm.send_confirmation(user)
        return user

    user = submit_form(form, sign_up)
    if user:
        login_user(user)
        flash(_("Welcome to IdeaBox, %(name)s! Your account is ready. We sent a link to %(email)s: open it to "
                "get emails about the ideas you back.", name=user.display_name, email=user.email), "success")
        return redirect(next_url())
    return render_template("auth/register.html", form=form, next=request.args.get("next", ""), **_sso_context())


@bp.route("/logout", methods=["POST"])
def logout():
    """Sign out (POST only, so a link or image elsewhere cannot sign people out)."""
    logout_user()
    flash(_("You are signed out. See you soon!"), "info")
    return redirect(home_url(), code=303)


@bp.route("/account", methods=["GET", "POST"])
@login_required
def account():
    """Show and save the signed-in person's settings."""
    form = _settings_form()
    staff_settings = ("new_idea_notifications", "new_idea_digest")
    saved = submit_form(
        form,
        lambda form: services.update_account(
            current_user, form.display_name.data, form.timezone.data, form.email_notifications.data,
            *(form[name].data if name in form else None for name in staff_settings),
            changelog_emails=form.changelog_emails.data,
            insights_email=form.insights_email.data if "insights_email" in form else None,
            locale=form.locale.data,
        ),
    )
    if saved:
        refresh()  # say so in the language just chosen
        flash(_("Your settings are saved."), "success")
        return redirect(account_top(), code=303)
    return _account_page(form=form)


def account_top() -> str:
    """The settings page at its top, where the message shows: "#top" (HTML's name for the top of a page) replaces
    the #card the form posted to, which the browser would otherwise keep through the redirect."""
    return url_for("auth.account", _anchor="top")


def _settings_form(**kwargs) -> AccountForm:
    """The settings form of the signed-in person: the new-idea settings are staff's only, the weekly
    insights email the team's (executives too)."""
    form = AccountForm(obj=current_user, **kwargs)
    if not current_user.is_staff:
        del form.new_idea_notifications, form.new_idea_digest
    if not can_see_insights(current_user):
        del form.insights_email
    return form


def _account_page(**forms):
    """The settings page, with the forms not given shown as saved."""
    if "form" not in forms:
        forms["form"] = _settings_form(formdata=None)
    forms.setdefault("password_form", PasswordForm(formdata=None))
    forms.setdefault("email_form", EmailChangeForm(formdata=None))
    forms.setdefault("erase_form", erase_account_form(current_user, formdata=None))
    identities = sso_queries.identities_of(current_user)
    linked = {identity.provider_id for identity in identities}
    return render_template("auth/account.html", resend_form=ResendConfirmationForm(), identities=identities,
                           providers_to_link=[p for p in sso_queries.enabled_providers() if p.id not in linked],
                           **forms)


def _account_section_post(form_name: str, form, action, saying):
    """Run one settings section's form: on success flash saying(result) and go back to the page, else
    show the page again with that form's reasons."""
    done = submit_form(form, action)
    if done:
        flash(*saying(done))
        return redirect(account_top(), code=303)
    return _account_page(**{form_name: form})


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Replace the signed-in person's password."""
    def change(form):
        me = current_user._get_current_object()  # login_user must be given the User, not the proxy to it
        user = services.change_password(me, form.current_password.data, form.new_password.data)
        _stay_signed_in(user)
        return user

    return _account_section_post("password_form", PasswordForm(), change, lambda user: (
        _("Your password is changed. You are signed out everywhere else."), "success"))


@bp.route("/account/sessions", methods=["POST"])
@login_required
@limiter.limit(AUTH_RATE_LIMIT)
def end_other_sessions():
    """Sign the person out on every other device and browser; this one stays signed in."""
    _stay_signed_in(services.end_sessions(current_user._get_current_object()))
    db.session.commit()
    flash(_("You are signed out everywhere else."), "success")
    return redirect(url_for("auth.account"), code=303)  # the top, where the message shows


def _stay_signed_in(user) -> None:
    """After the user's sessions ended, sign this browser in again (with remember-me if it had it)."""
    remembered = current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token") in request.cookies
    login_user(user, remember=remembered)


@bp.route("/account/email", methods=["POST"])
@login_required
@limiter.limit(CONFIRM_EMAIL_RATE_LIMIT)
def change_email():
    """Send a link to a new address; the account moves there once it is opened."""
    return _account_section_post(
        "email_form", EmailChangeForm(),
        lambda form: confirm.request_email_change(current_user, form.new_email.data, form.current_password.data),
        lambda sent: (_("We sent a link to %(email)s. Your account moves to that address once you open it; until "
                        "then it keeps %(current)s.", email=sent.to_address, current=current_user.email), "info"),
    )


@bp.get("/account/data.json")
@login_required
@limiter.limit(EXPORT_RATE_LIMIT)
def download_data():
    """Everything IdeaBox holds about the signed-in person, as a JSON file."""
    document = json.dumps(erasure.personal_data(current_user), ensure_ascii=False, indent=2)
    return Response(document, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="{erasure.export_filename(current_user)}"',
        "Cache-Control": "no-store",
    })


@bp.route("/account/erase", methods=["POST"])
@login_required
@limiter.limit(AUTH_RATE_LIMIT)
def erase_account():
    """Erase the signed-in person's account, then sign them out."""
    me = current_user._get_current_object()  # the audit log records the User, not the request's proxy
    form = erase_account_form(me)
    erased = submit_form(form, lambda form: erasure.erase_own_account(
        me, form.password.data if "password" in form else None, form.understood.data,
        form.confirm_email.data if "confirm_email" in form else None))
    if erased:
        logout_user()
        flash(_("Your account is erased. What you posted stays, under “%(name)s”; nothing else of yours is kept.",
                name=me.display_name), "info")  # "Deleted user", in the language of the page
        return redirect(home_url(), code=303)
    return _account_page(erase_form=form)


@bp.route("/confirm/resend", methods=["POST"])
@login_required
@limiter.limit(CONFIRM_EMAIL_RATE_LIMIT)
def resend_confirmation():
    """Send the signed-in person's confirmation link again."""
    form = ResendConfirmationForm()
    if submit_form(form, lambda form: confirm.resend_confirmation(current_user)):
        flash(_("We sent a new link to %(email)s. It can take a minute to arrive; check your spam folder too.",
                email=current_user.email), "info")
    else:  # the service's reason (the email is confirmed already), not a second wording of it
        for reason in form.form_errors:
            flash(reason, "info")
    return redirect(safe_next_url(request.form.get("next"), url_for("auth.account")), code=303)


@bp.route("/confirm/<token>")
def confirm_email(token):
    """Open an emailed confirmation link: the address is proven (and becomes the account's, if new)."""
    try:
        user, previous = confirm.confirm_email(token)
    except DomainError as error:
        db.session.rollback()
        flash(error.message, "error")
        return redirect(url_for("auth.account") if current_user.is_authenticated else url_for("auth.login"))
    db.session.commit()
    if previous:
        flash(_("Your account now uses %(email)s.", email=user.email), "success")
    else:
        flash(_("Thanks! %(email)s is confirmed: we'll email you about the ideas you back.", email=user.email), "success")
    return redirect(url_for("auth.account") if current_user.is_authenticated else url_for("auth.login"))


@bp.route("/invite/<token>", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def accept_invitation(token):
    """Open an emailed invitation: choose a name and password, and join with the invited role, signed in."""
    try:
        invitation = invitations.invitation_for_token(token)
    except DomainError as error:
        flash(error.message, "error")
        return redirect(home_url() if current_user.is_authenticated else url_for("auth.login"))
    account = invitations.existing_account(invitation)
    form = AcceptInvitationForm()
    user = None if account else submit_form(form, lambda form: invitations.accept_invitation(
        token, form.display_name.data, form.password.data, timezone=request.cookies.get("tz"), locale=chosen_locale()))
    if user:
        login_user(user)
        flash(_("Welcome, %(name)s! You joined as %(role)s.", name=user.display_name,
                role=ROLE_LABELS[user.role.value]), "success")
        return redirect(home_url(), code=303)
    return render_template("auth/invitation.html", form=form, invitation=invitation, account=account, token=token)


@bp.route("/forgot", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def forgot_password():
    """Email a reset link; the answer is the same whether or not the email has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        reset.request_password_reset(form.email.data)  # never refuses: unknown emails get the same answer
        db.session.commit()
        flash(_("If %(email)s has an account, a link to choose a new password is on its way.", email=form.email.data), "info")
        return redirect(url_for("auth.login"), code=303)
    return render_template("auth/forgot.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def reset_password(token):
    """Choose a new password from an emailed link, then sign in with it."""
    try:
        page_for(reset.user_for_reset_token(token))
    except DomainError as error:
        flash(error.message, "error")
        return redirect(url_for("auth.forgot_password"))
    form = ResetPasswordForm()
    user = submit_form(form, lambda form: reset.reset_password(token, form.password.data))
    if user:
        login_user(user)
        flash(_("Your password is changed and you are signed in."), "success")
        return redirect(home_url(), code=303)
    return render_template("auth/reset.html", form=form, token=token)

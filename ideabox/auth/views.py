"""Views of the auth area: sign up, sign in, sign out, account settings."""
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ideabox.auth import reset, services
from ideabox.auth.forms import (
    AccountForm,
    ForgotPasswordForm,
    LoginForm,
    PasswordForm,
    RegisterForm,
    ResetPasswordForm,
)
from ideabox.auth.redirects import safe_next_url
from ideabox.auth.submit import submit_form
from ideabox.errors import DomainError
from ideabox.extensions import db, limiter

bp = Blueprint("auth", __name__)

AUTH_RATE_LIMIT = "10 per minute"


def home_url() -> str:
    """The front page."""
    return url_for("ideas.home")


def next_url() -> str:
    """Where to go after signing in or up: the safe `next` parameter, never back to the auth pages."""
    target = safe_next_url(request.args.get("next"), home_url())
    if target.startswith(url_for("auth.login")) or target.startswith(url_for("auth.register")):
        return home_url()
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def login():
    """Sign in with email and password."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = LoginForm()
    user = submit_form(form, lambda form: services.authenticate(form.email.data, form.password.data))
    if user:
        login_user(user, remember=form.remember.data)
        flash(_("Welcome back, %(name)s.", name=user.display_name), "success")
        return redirect(next_url())
    return render_template("auth/login.html", form=form, next=request.args.get("next", ""))


@bp.route("/register", methods=["GET", "POST"])
@limiter.limit(AUTH_RATE_LIMIT, methods=["POST"])
def register():
    """Create an account and sign in with it."""
    if current_user.is_authenticated:
        return redirect(next_url())
    form = RegisterForm()
    user = submit_form(
        form,
        lambda form: services.register_user(
            form.email.data, form.display_name.data, form.password.data, timezone=request.cookies.get("tz")
        ),
    )
    if user:
        login_user(user)
        flash(_("Welcome to IdeaBox, %(name)s! Your account is ready.", name=user.display_name), "success")
        return redirect(next_url())
    return render_template("auth/register.html", form=form, next=request.args.get("next", ""))


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
    form = AccountForm(obj=current_user)
    if not current_user.is_staff:
        del form.new_idea_notifications, form.new_idea_digest
    staff_settings = ("new_idea_notifications", "new_idea_digest")
    saved = submit_form(
        form,
        lambda form: services.update_account(
            current_user, form.display_name.data, form.timezone.data, form.email_notifications.data,
            *(form[name].data if name in form else None for name in staff_settings),
        ),
    )
    if saved:
        flash(_("Your settings are saved."), "success")
        return redirect(url_for("auth.account"), code=303)
    return render_template("auth/account.html", form=form, password_form=PasswordForm(formdata=None))


@bp.route("/account/password", methods=["POST"])
@login_required
def change_password():
    """Replace the signed-in person's password."""
    password_form = PasswordForm()
    changed = submit_form(
        password_form,
        lambda form: services.change_password(current_user, form.current_password.data, form.new_password.data),
    )
    if changed:
        flash(_("Your password is changed."), "success")
        return redirect(url_for("auth.account"), code=303)
    form = AccountForm(obj=current_user, formdata=None)
    return render_template("auth/account.html", form=form, password_form=password_form)


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
        reset.user_for_reset_token(token)
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

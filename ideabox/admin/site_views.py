"""The admin page where the instance gets its own name, welcome text, logo and accent colour, and says when
reported comments hide by themselves and whether people confirm their email before taking part."""
from flask import url_for
from flask_babel import gettext as _, ngettext
from flask_login import current_user

from ideabox import branding
from ideabox.admin.blueprint import admin_required, bp, save_form
from ideabox.admin.forms import AutoHideForm, ConfirmedEmailForm, SiteSettingsForm
from ideabox.auth.taking_part import set_require_confirmed_email
from ideabox.moderation.auto_hide import set_auto_hide_reports
from ideabox.routing import accepts_files_up_to
from ideabox.uploads import services as uploads


CARDS = {"form": SiteSettingsForm, "auto_hide_form": AutoHideForm, "confirmed_email_form": ConfirmedEmailForm}


def _other_cards(settings, submitted: str) -> dict:
    """The page's forms other than the one submitted, each filled from the saved settings."""
    return {name: card(obj=settings, formdata=None) for name, card in CARDS.items() if name != submitted}


@accepts_files_up_to(bp, uploads.MAX_BYTES)  # the logo
@bp.route("/site", methods=["GET", "POST"])
@admin_required
def site():
    """Show and save the site's look."""
    settings = branding.site_settings()
    return save_form(
        SiteSettingsForm(obj=settings),
        lambda form: branding.save_site_settings(
            current_user, name=form.name.data, welcome_heading=form.welcome_heading.data,
            welcome_message=form.welcome_message.data, accent_color=form.accent_color.data,
            logo=form.logo_file.data.stream if form.logo_file.data else None, remove_logo=form.remove_logo.data,
            default_locale=form.default_locale.data,
        ),
        success=lambda saved: _("The site's look is saved."),
        redirect_to=lambda saved: url_for("admin.site"),
        template="admin/site_form.html", settings=settings, **_other_cards(settings, "form"),
    )


def _save_card(form, form_name: str, save, success):
    """Save one of the page's separate cards and come back to the top, where the message shows; on bad input the
    page comes back with that card's errors and the other cards as saved."""
    settings = branding.site_settings()
    return save_form(
        form, save, success=success,
        # "#top" (HTML's name for the top of a page) replaces the card's own anchor, so the message shows
        redirect_to=lambda saved: url_for("admin.site", _anchor="top"),
        template="admin/site_form.html", form_name=form_name,
        settings=settings, **_other_cards(settings, form_name),
    )


@bp.post("/site/reported-comments")
@admin_required
def site_auto_hide():
    """Save how many different people's reports hide a comment until the team reviews it."""
    return _save_card(
        AutoHideForm(), "auto_hide_form",
        lambda form: set_auto_hide_reports(current_user, form.auto_hide_reports.data),
        success=lambda saved: ngettext(
            "A comment now hides once %(num)d person reports it, until the team reviews it.",
            "A comment now hides once %(num)d different people report it, until the team reviews it.",
            saved.auto_hide_reports) if saved.auto_hide_reports
        else _("Reported comments no longer hide by themselves; they wait for the team."),
    )


@bp.post("/site/taking-part")
@admin_required
def site_confirmed_email():
    """Save whether people confirm their email before they post, vote, comment, react or report."""
    return _save_card(
        ConfirmedEmailForm(), "confirmed_email_form",
        lambda form: set_require_confirmed_email(current_user, form.require_confirmed_email.data),
        success=lambda saved: _("People now confirm their email address before they post, vote, comment or react.")
        if saved.require_confirmed_email
        else _("People no longer need a confirmed email address to post, vote, comment or react."),
    )

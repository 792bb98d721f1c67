"""The admin page where the instance gets its own name, welcome text, logo and accent colour."""
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox import branding
from ideabox.admin.blueprint import admin_required, bp, save_form
from ideabox.admin.forms import SiteSettingsForm


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
        template="admin/site_form.html",
        settings=settings,
    )

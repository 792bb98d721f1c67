"""Admin actions on invitations, from the People page: invite someone with a role, send the link again, revoke it."""
from flask import request
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.admin.blueprint import admin_required, bp, run_action, save_form
from ideabox.admin.forms import InvitationForm
from ideabox.admin.people import back_to_users, users_page_context
from ideabox.auth import invitations
from ideabox.extensions import db, limiter
from ideabox.models import Invitation

# each sends an email to someone who never asked for one: plenty for inviting a team, too few to spam with
INVITE_RATE_LIMIT = "50 per hour"
# per invitation, so an admin who resends several people's links is not held up by the others
RESEND_RATE_LIMIT = "5 per hour"


def _invitation_key() -> str:
    return f"invitation-{request.view_args['invitation_id']}"


@bp.route("/invitations", methods=["POST"])
@admin_required
@limiter.limit(INVITE_RATE_LIMIT)
def invite():
    """Invite someone by email with a role; the link is emailed at once."""
    me = current_user._get_current_object()  # the invitation keeps the User who sent it, not the request's proxy
    return save_form(
        InvitationForm(),
        lambda form: invitations.invite(me, form.email.data, form.role.data, form.note.data),
        success=lambda sent: _("We emailed an invitation to %(email)s. Its link works for %(days)d days.",
                               email=sent.email, days=invitations.INVITATION_LIFETIME.days),
        redirect_to=lambda sent: back_to_users(),
        template="admin/users.html",
        form_name="invite_form",
        page_context=users_page_context,  # after a refusal's rollback: the people list, read afresh in one go
    )


@bp.route("/invitations/<int:invitation_id>/resend", methods=["POST"])
@admin_required
@limiter.limit(RESEND_RATE_LIMIT, key_func=_invitation_key)
def resend_invitation(invitation_id):
    """Email a new link (valid from now on); the one sent before stops working."""
    invitation = db.get_or_404(Invitation, invitation_id)
    me = current_user._get_current_object()
    return run_action(
        lambda: invitations.resend_invitation(me, invitation),
        success=_("We sent %(email)s a new link; the one sent before no longer works.", email=invitation.email),
        redirect_to=back_to_users(),
    )


@bp.route("/invitations/<int:invitation_id>/revoke", methods=["POST"])
@admin_required
def revoke_invitation(invitation_id):
    """Withdraw an invitation: its link stops working."""
    invitation = db.get_or_404(Invitation, invitation_id)
    return run_action(
        lambda: invitations.revoke_invitation(current_user, invitation),
        success=_("The invitation to %(email)s is revoked; its link no longer works.", email=invitation.email),
        redirect_to=back_to_users(),
    )

"""Admin pages about people: users (roles, suspensions, invitations) and customer accounts."""
from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select

from ideabox.admin import queries, services
from ideabox.admin.blueprint import PER_PAGE, admin_required, bp, page_of, run_action, save_form, staff_required
from ideabox.admin.forms import AttachUserForm, CustomerAccountForm, InvitationForm
from ideabox.auth.invitations import INVITATION_LIFETIME
from ideabox.extensions import db
from ideabox.models import CustomerAccount, User
from ideabox.templating import ROLE_LABELS


@bp.route("/users")
@admin_required
def users():
    """Search people by name or email, optionally by role; invite people and follow their invitations."""
    return render_template("admin/users.html", invite_form=InvitationForm(formdata=None), **users_page_context())


def users_page_context() -> dict:
    """What the People page shows besides the invite form: the people the search finds, the open invitations."""
    search, role = request.args.get("q", "").strip(), request.args.get("role", "")
    invitations = db.session.scalars(queries.open_invitations()).all()
    return dict(page=page_of(queries.users_matching(search, role)), search=search, role=role, invitations=invitations,
                invited_with_account=queries.emails_with_accounts([invitation.email for invitation in invitations]),
                invitation_days=INVITATION_LIFETIME.days)


@bp.route("/users/<int:user_id>/role", methods=["POST"])
@admin_required
def change_role(user_id):
    """Give someone another role."""
    user = db.get_or_404(User, user_id)
    role = request.form.get("role", "")
    return _on_the_list(run_action(
        lambda: services.change_role(current_user, user, role),
        success=_("%(name)s is now %(role)s.", name=user.display_name, role=ROLE_LABELS.get(role, role)),
        redirect_to=url_for("admin.users"),
    ))


@bp.route("/users/<int:user_id>/suspension", methods=["POST"])
@admin_required
def set_suspension(user_id):
    """Suspend someone, or lift their suspension (form field `suspended` = 1 or 0)."""
    user = db.get_or_404(User, user_id)
    suspended = request.form.get("suspended") == "1"
    message = _("%(name)s is suspended and can no longer sign in.") if suspended else _("%(name)s can sign in again.")
    return _on_the_list(run_action(
        lambda: services.set_suspended(current_user, user, suspended),
        success=message % {"name": user.display_name},
        redirect_to=url_for("admin.users"),
    ))


@bp.route("/users/<int:user_id>/erase", methods=["POST"])
@admin_required
def erase_user(user_id):
    """Erase someone's account at their request (they can also do it from their own settings)."""
    user = db.get_or_404(User, user_id)
    return _on_the_list(run_action(
        lambda: services.erase_user(current_user, user),
        success=_("The account of %(name)s is erased.", name=user.display_name),
        redirect_to=url_for("admin.users"),
    ))


def back_to_users() -> str:
    """The users list the admin came from, with its search, role and page, so the row they changed is in view;
    the last page instead where the list has grown shorter (a change can take someone out of a role's list)."""
    search, role = request.args.get("q", ""), request.args.get("role", "")
    args = {key: value for key, value in (("q", search), ("role", role)) if value}
    page = request.args.get("page", 1, type=int)
    if page > 1:
        matching = queries.users_matching(search.strip(), role).order_by(None).subquery()
        last = max(1, -(-db.session.scalar(select(func.count()).select_from(matching)) // PER_PAGE))
        if min(page, last) > 1:
            args["page"] = min(page, last)
    return url_for("admin.users", **args)


def _on_the_list(response):
    """Send the admin back to where they were on the list, counted after the action's commit."""
    response.location = back_to_users()
    return response


@bp.route("/accounts")
@staff_required
def accounts():
    """Customer accounts with how many people belong to each."""
    search = request.args.get("q", "").strip()
    page = page_of(queries.customer_accounts_matching(search))
    counts = queries.counts_by(User.customer_account_id, [account.id for account in page.items])
    return render_template("admin/accounts.html", page=page, search=search, member_counts=counts)


@bp.route("/accounts/new", methods=["GET", "POST"])
@bp.route("/accounts/<int:account_id>", methods=["GET", "POST"])
@staff_required
def edit_account(account_id=None):
    """Create a customer account, or edit one and manage its members."""
    account = db.get_or_404(CustomerAccount, account_id) if account_id is not None else None
    members = db.session.scalars(queries.account_members(account)).all() if account else []
    return save_form(
        CustomerAccountForm(obj=account),
        lambda form: services.save_customer_account(
            current_user, account, name=form.name.data, segment=form.segment.data, annual_revenue=form.annual_revenue.data
        ),
        success=lambda saved: _("Customer account “%(name)s” is saved.", name=saved.name),
        redirect_to=lambda saved: url_for("admin.edit_account", account_id=saved.id),
        template="admin/account_form.html",
        account=account,
        members=members,
        attach_form=AttachUserForm(formdata=None),
    )


@bp.route("/accounts/<int:account_id>/members", methods=["POST"])
@staff_required
def attach_member(account_id):
    """Add a person (by email) to a customer account."""
    account = db.get_or_404(CustomerAccount, account_id)
    members = db.session.scalars(queries.account_members(account)).all()
    return save_form(
        AttachUserForm(),
        lambda form: services.attach_user(current_user, account, form.email.data),
        success=lambda user: _("%(name)s now belongs to %(account)s.", name=user.display_name, account=account.name),
        redirect_to=lambda user: url_for("admin.edit_account", account_id=account.id),
        template="admin/account_form.html",
        account=account,
        members=members,
        form_name="attach_form",
        form=CustomerAccountForm(obj=account, formdata=None),
    )


@bp.route("/accounts/<int:account_id>/members/<int:user_id>/remove", methods=["POST"])
@staff_required
def detach_member(account_id, user_id):
    """Remove a person from a customer account."""
    account = db.get_or_404(CustomerAccount, account_id)
    user = db.get_or_404(User, user_id)
    return run_action(
        lambda: services.detach_user(current_user, account, user),
        success=_("%(name)s no longer belongs to %(account)s.", name=user.display_name, account=account.name),
        redirect_to=url_for("admin.edit_account", account_id=account.id),
    )


@bp.route("/accounts/<int:account_id>/delete", methods=["POST"])
@staff_required
def delete_account(account_id):
    """Delete a customer account that has no recorded demand."""
    account = db.get_or_404(CustomerAccount, account_id)
    return run_action(
        lambda: services.delete_customer_account(current_user, account),
        success=_("Customer account “%(name)s” is deleted.", name=account.name),
        redirect_to=url_for("admin.accounts"),
    )

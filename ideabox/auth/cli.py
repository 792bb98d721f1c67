"""CLI commands of the auth area (thin wrappers over its services)."""
from functools import wraps

import click
from flask import current_app
from flask_babel import force_locale

from ideabox.auth import services
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.models import Role


def in_default_locale(command):
    """Run the command with messages in the default language (there is no browser to ask)."""

    @wraps(command)
    def wrapped(*args, **kwargs):
        with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
            return command(*args, **kwargs)

    return wrapped


@click.command("create-admin")
@click.option("--email", prompt=True, help="Email address to sign in with.")
@click.option("--name", "display_name", default="Administrator", show_default=True, help="Display name.")
@click.option(
    "--password",
    help="Password (at least 10 characters). Prompted for, with confirmation, when omitted.",
)
@in_default_locale
def create_admin_command(email, display_name, password):
    """Create an administrator, or promote the existing account with this email."""
    existing = services.find_user_by_email(email)
    if existing is None and password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user, created = services.create_admin(email, display_name, password)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    if created:
        click.echo(f"Created administrator {user.email}.")
    else:
        click.echo(f"{user.email} already had an account; it is now an administrator.")


@click.command("set-role")
@click.argument("email")
@click.argument("role", type=click.Choice([role.value for role in Role]))
@in_default_locale
def set_role_command(email, role):
    """Give the account with EMAIL the ROLE (customer, pm, executive or admin)."""
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No account with the email {email}.")
    try:
        services.set_role(user, role)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(str(error.message)) from None
    db.session.commit()
    click.echo(f"{user.email} is now {user.role.value}.")


commands = [create_admin_command, set_role_command]

"""`flask recompute-reputation`: recompute everyone's reputation from the source rows."""
import click
from flask.cli import with_appcontext

from ideabox.extensions import db
from ideabox.people import reputation


@click.command("recompute-reputation")
@with_appcontext
def recompute_reputation():
    """Recompute every person's reputation (after an upgrade, an import, or rows changed by hand). The app keeps it
    current on its own as people vote, react and as the team adopts ideas."""
    people = reputation.refresh_everyone()
    db.session.commit()
    click.echo(f"Recomputed the reputation of {people} people.")


commands = [recompute_reputation]

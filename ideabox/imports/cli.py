"""`flask import-ideas FILE.csv --board SLUG`: the import page's service from the command line."""
from pathlib import Path

import click
from flask.cli import with_appcontext
from sqlalchemy import select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.imports import services
from ideabox.models import Board


@click.command("import-ideas")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--board", "slug", required=True, help="Slug of the board for ideas that name none.")
@click.option("--delimiter", type=click.Choice(["auto", "comma", "semicolon"]), default="auto", show_default=True)
@click.option("--create-boards", is_flag=True, help="Create the boards the file names that do not exist.")
@click.option("--skip-errors", is_flag=True, help="Import the rows without errors, skip the others.")
@click.option("--dry-run", is_flag=True, help="Show what would be imported; write nothing.")
@with_appcontext
def import_ideas(path, slug, delimiter, create_boards, skip_errors, dry_run):
    """Import ideas from a CSV exported by Canny, Fider, UserVoice, Featurebase or a spreadsheet (nobody is told)."""
    board = db.session.scalar(select(Board).where(Board.slug == slug))
    if board is None:
        raise click.ClickException(f"No board has the slug {slug!r}.")
    try:
        imp = services.start_import(None, path.name, path.read_bytes(), delimiter, board)
        services.change_settings(imp, None, imp.settings["mapping"], {}, board, create_boards, skip_errors)
        plan = services.preview(imp)
        _echo(imp, plan)
        if dry_run:
            db.session.rollback()
            click.echo("Dry run: nothing was written.")
            return
        services.run_import(imp, None)
    except DomainError as error:
        db.session.rollback()
        raise click.ClickException(error.message) from None
    db.session.commit()
    click.echo(f"Imported {imp.counts['ideas']} idea(s) as import {imp.id}; undo it under Admin → Import ideas.")


def _echo(imp, plan) -> None:
    figures = services.summary(plan)
    click.echo(f"{imp.filename}: " + (f"looks like a {imp.settings['preset']} export" if imp.settings["preset"]
                                      else "columns matched by name") + f" ({', '.join(imp.settings['mapping'])})")
    click.echo(f"{figures['ideas']} idea(s), {figures['accounts']} new account(s), {figures['votes']} vote(s), "
               f"{figures['boards']} board(s) ({figures['new_boards']} new), {figures['already_here']} already here, "
               f"{figures['errors']} row(s) with errors")
    for line, problems in plan.errors:
        click.echo(f"  line {line}: {' '.join(problems)}")


commands = [import_ideas]

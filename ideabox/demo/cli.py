"""CLI commands of the demo area (thin wrappers over its services)."""
import time

import click

from ideabox.demo.catalog import catalog_size
from ideabox.demo.services import DEFAULT_SEED, has_content, seed_demo
from ideabox.extensions import db


@click.command("seed-demo")
@click.option("--if-empty", is_flag=True, help="Do nothing (successfully) when boards or ideas already exist.")
@click.option("--seed", type=int, default=DEFAULT_SEED, show_default=True, help="Random seed: same seed, same demo.")
@click.option("--ideas", "idea_count", type=click.IntRange(10, catalog_size()), default=catalog_size(),
              show_default=True, help="How many ideas to create.")
def seed_demo_command(if_empty, seed, idea_count):
    """Fill the app with the Northwind Projects demo community."""
    if has_content():
        if if_empty:
            click.echo("The database already has boards or ideas; demo data not added.")
            return
        raise click.ClickException("The database already has boards or ideas; seed-demo only fills an empty app.")
    started = time.perf_counter()
    try:
        summary = seed_demo(seed=seed, idea_count=idea_count)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    click.echo(
        f"Demo data created in {time.perf_counter() - started:.1f} s (seed {summary.seed}): "
        f"{summary.boards} boards, {summary.users} users, {summary.ideas} ideas "
        f"({len(summary.clusters)} groups of duplicates), {summary.votes} votes, {summary.comments} comments, "
        f"{summary.internal_notes} internal notes, "
        f"{summary.proxy_votes} proxy votes, {summary.status_changes} status changes, {summary.themes} themes, "
        f"{summary.releases} releases, {summary.merges} merges."
    )
    click.echo("Demo accounts:")
    for role, email, password in summary.accounts:
        click.echo(f"  {role:<10} {email:<30} password: {password}")


commands = [seed_demo_command]

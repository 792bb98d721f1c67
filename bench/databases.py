"""Throw-away PostgreSQL databases for the benchmarks that seed a large database."""
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


def fresh_postgres(url: str):
    """Create the database the URL names (dropping an earlier one); return a function that drops it."""
    target = make_url(url)
    admin = create_engine(target.set(database="postgres"), isolation_level="AUTOCOMMIT")
    statement = f'DROP DATABASE IF EXISTS "{target.database}" WITH (FORCE)'
    with admin.connect() as connection:
        connection.execute(text(statement))
        connection.execute(text(f'CREATE DATABASE "{target.database}"'))

    def drop():
        with admin.connect() as connection:
            connection.execute(text(statement))
        admin.dispose()

    return drop

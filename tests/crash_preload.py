"""Imported once by the forkserver of tests/crash_processes.py: building an app imports every module IdeaBox's
commands use, so each `flask` process forked from it starts at once."""
from ideabox import create_app

create_app({"SECRET_KEY": "preload", "SQLALCHEMY_DATABASE_URI": "sqlite://"})

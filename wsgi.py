"""WSGI entry point: `gunicorn wsgi:app`."""
from ideabox import create_app

app = create_app()

"""The public JSON API (`/api/v1/…`) and its OpenAPI document (`/api/v1/openapi.json`), built with
flask-smorest: marshmallow schemas describe and check what goes in and out, and the document is generated
from the same code. Callers authenticate with a personal token (`api.tokens`); without one they read what
a visitor may read."""

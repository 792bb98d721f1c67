"""Views of the triage area."""
from flask import Blueprint

bp = Blueprint("triage", __name__)

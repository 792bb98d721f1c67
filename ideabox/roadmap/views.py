"""Views of the roadmap area."""
from flask import Blueprint

bp = Blueprint("roadmap", __name__)

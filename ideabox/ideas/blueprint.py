"""The ideas area's blueprint, shared by its view modules (views, staff_views)."""
from flask import Blueprint

bp = Blueprint("ideas", __name__)

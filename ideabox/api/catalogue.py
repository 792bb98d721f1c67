"""The API's boards and changelog: what the site shows anyone, and the team a little more."""
from flask_smorest import Blueprint

from ideabox.api.auth import caller
from ideabox.api.ideas import one_page
from ideabox.api.schemas import BoardSchema, ReleaseSchema
from ideabox.extensions import db
from ideabox.ideas import queries
from ideabox.roadmap.queries import visible_releases

bp = Blueprint("api_catalogue", __name__, description="Boards and the changelog")


@bp.route("/boards")
@bp.response(200, BoardSchema(many=True))
def list_boards():
    """List boards

    Public boards for everyone; private ones too for PMs, executives and admins.
    """
    return db.session.scalars(queries.visible_boards(caller())).all()


@bp.route("/releases")
@bp.response(200, ReleaseSchema(many=True))
@bp.paginate()
def list_releases(pagination_parameters):
    """List release notes

    The changelog, newest first; a private board's notes only for the team.
    """
    return one_page(visible_releases(caller()), pagination_parameters)

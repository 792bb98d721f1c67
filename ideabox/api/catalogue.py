"""The API's boards, roadmap and changelog: what the site shows anyone, and the team a little more."""
from flask_smorest import abort

from ideabox.api.auth import caller
from ideabox.api.errors import ApiBlueprint
from ideabox.api.ideas import one_page
from ideabox.api.schemas import BoardSchema, ReleaseSchema, RoadmapQuerySchema, RoadmapSchema
from ideabox.extensions import db
from ideabox.ideas import queries
from ideabox.models import IdeaStatus
from ideabox.roadmap import queries as roadmap
from ideabox.roadmap.queries import visible_releases

bp = ApiBlueprint("api_catalogue", __name__, description="Boards, the roadmap and the changelog")


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


@bp.route("/roadmap")
@bp.arguments(RoadmapQuerySchema, location="query")
@bp.response(200, RoadmapSchema)
@bp.refuses(404)
def get_roadmap(query):
    """Read the roadmap

    Planned, in progress and recently shipped, as on the roadmap page: a theme is one card for all its ideas, in
    the team's order (pinned first, then by position and backers).
    """
    columns = roadmap.roadmap_columns(caller())
    if query.get("board"):
        board = next((b for b in db.session.scalars(roadmap.visible_boards(caller())) if b.slug == query["board"]),
                     None)
        if board is None:
            abort(404, message=f"There is no board “{query['board']}”.")
        columns = {status: roadmap.on_board(cards, board) for status, cards in columns.items()}
    return {"planned": columns[IdeaStatus.PLANNED], "in_progress": columns[IdeaStatus.IN_PROGRESS],
            "shipped": columns[IdeaStatus.SHIPPED]}

"""The API's ideas: list and read them as anyone may on the site; with a token, post, vote, comment and (the
team) set statuses. Each call goes through the same services as the pages, with the caller's rights."""
from flask import url_for
from flask.views import MethodView
from flask_smorest import abort
from sqlalchemy import func, select

from ideabox.api.auth import WRITE_SECURITY, caller, signed_in_caller
from ideabox.api.errors import ApiBlueprint, refusals
from ideabox.api.schemas import (
    CommentSchema, IdempotencySchema, IdeaQuerySchema, IdeaSchema, NewCommentSchema, NewIdeaSchema, StatusChangeSchema,
    VoteSchema,
)
from ideabox.extensions import db
from ideabox.ideas import queries, services
from ideabox.models import Idea, IdeaStatus
from ideabox.permissions import can_hide_comment, can_use_internal_notes, can_view_board, can_view_idea

bp = ApiBlueprint("api_ideas", __name__, description="Ideas, their votes, comments and statuses")


def visible_idea(idea_id: int) -> Idea:
    """The idea, or 404 when the caller may not see it (a private board, or withdrawn for those outside the team)."""
    idea = db.session.get(Idea, idea_id)
    if idea is None or not can_view_board(caller(), idea.board) or not can_view_idea(caller(), idea):
        abort(404, message="This idea does not exist.")
    return idea


def visible_board(slug: str):
    board = queries.board_by_slug(slug)
    if board is None or not can_view_board(caller(), board):
        abort(404, message=f"There is no board “{slug}”.")
    return board


def one_page(statement, pagination_parameters) -> list:
    """The page of `statement` the caller asked for; the total goes in the X-Pagination header."""
    pagination_parameters.item_count = db.session.scalar(
        select(func.count()).select_from(statement.order_by(None).subquery()))
    if pagination_parameters.first_item >= pagination_parameters.item_count:
        return []  # past the end; a huge page number would overflow the database's OFFSET
    return list(db.session.scalars(
        statement.limit(pagination_parameters.page_size).offset(pagination_parameters.first_item)))


@bp.route("/ideas")
@bp.arguments(IdeaQuerySchema, location="query")
@bp.response(200, IdeaSchema(many=True))
@bp.refuses(404)
@bp.paginate()
def list_ideas(query, pagination_parameters):
    """List ideas

    The ideas listed on boards (not merged into another, not withdrawn) that you may see, ranked like the
    board pages: `top` (most backed), `trending` or `new`. Pages hold 10 by default (`page_size` up to 100);
    the X-Pagination header gives the total.
    """
    board = visible_board(query["board"]) if query.get("board") else None
    statement = queries.board_ideas(board, query["sort"], IdeaStatus(query["status"]) if query.get("status") else None,
                                    terms=query.get("q", ""), user=caller())
    return one_page(statement, pagination_parameters)


@bp.route("/ideas", methods=["POST"])
@bp.arguments(NewIdeaSchema)
@bp.arguments(IdempotencySchema, location="headers")
@bp.response(201, IdeaSchema, headers={"Location": {
    "description": "The idea's URL in the API", "required": True, "schema": {"type": "string", "format": "uri"}}})
@bp.refuses(400, 404)
@bp.doc(security=WRITE_SECURITY)
def post_idea(new, idempotency):
    """Post an idea

    Posts on a board as the token's owner, who backs and follows it at once, as on the site. With an
    `Idempotency-Key`, sending the request again is safe; the same key with another board, title or body is
    refused (422).
    """
    author = signed_in_caller()
    board = visible_board(new["board"])
    with refusals():
        idea = services.submit_idea(board, author, new["title"], new["body"], idempotency_key=idempotency["key"])
    db.session.commit()
    return idea, 201, {"Location": url_for("api_ideas.get_idea", idea_id=idea.id, _external=True)}


@bp.route("/ideas/<int:idea_id>")
@bp.response(200, IdeaSchema)
@bp.refuses(404)
def get_idea(idea_id):
    """Read an idea

    A duplicate merged into another idea keeps its own id; `merged_into_id` names the idea that now carries it.
    """
    return visible_idea(idea_id)


# A path's methods share one rule (a MethodView): with a rule each, werkzeug answered an id past the id columns with
# 405 on the method registered second, having noted the first one's methods before the id failed to convert.
@bp.route("/ideas/<int:idea_id>/vote")
class Vote(MethodView):
    @bp.response(200, VoteSchema)
    @bp.refuses(404, 422)
    @bp.doc(security=WRITE_SECURITY)
    def put(self, idea_id):
        """Vote for an idea

        Voting twice changes nothing.
        """
        voter, idea = signed_in_caller(), visible_idea(idea_id)
        with refusals():
            services.cast_vote(idea, voter)
        db.session.commit()
        return {"voted": True, "idea": idea}

    @bp.response(200, VoteSchema)
    @bp.refuses(404, 422)
    @bp.doc(security=WRITE_SECURITY)
    def delete(self, idea_id):
        """Take a vote back

        Also takes back your votes on duplicates merged into the idea.
        """
        voter, idea = signed_in_caller(), visible_idea(idea_id)
        with refusals():
            services.retract_vote(idea, voter)
        db.session.commit()
        return {"voted": False, "idea": idea}


@bp.route("/ideas/<int:idea_id>/comments")
class Comments(MethodView):
    @bp.response(200, CommentSchema(many=True))
    @bp.refuses(404)
    @bp.paginate()
    def get(self, idea_id, pagination_parameters):
        """List an idea's comments

        Oldest first. The team also sees internal notes and hidden comments.
        """
        idea, user = visible_idea(idea_id), caller()
        statement = queries.comments_of(idea, include_hidden=can_hide_comment(user),
                                        include_internal=can_use_internal_notes(user))
        return one_page(statement, pagination_parameters)

    @bp.arguments(NewCommentSchema)
    @bp.arguments(IdempotencySchema, location="headers")
    @bp.response(201, CommentSchema)
    @bp.refuses(400, 403, 404)
    @bp.doc(security=WRITE_SECURITY)
    def post(self, new, idempotency, idea_id):
        """Comment on an idea

        `@name` mentions work as on the site. The team may leave an internal note with `"internal": true`. With an
        `Idempotency-Key`, sending the request again is safe; the same key with another idea, body or `internal`
        is refused (422).
        """
        author, idea = signed_in_caller(), visible_idea(idea_id)
        with refusals():
            written = services.add_comment(idea, author, new["body"], internal=new["internal"],
                                           idempotency_key=idempotency["key"])
        db.session.commit()
        return written


@bp.route("/ideas/<int:idea_id>/status", methods=["PUT"])
@bp.arguments(StatusChangeSchema)
@bp.arguments(IdempotencySchema, location="headers")
@bp.response(200, IdeaSchema)
@bp.refuses(400, 403, 404)
@bp.doc(security=WRITE_SECURITY)
def set_status(change, idempotency, idea_id):
    """Set an idea's status (the product team)

    Backers and followers are told, with the note as the team's official reply. The same status with a note
    posts an update each time it is sent; with an `Idempotency-Key`, sending the request again is safe, and the
    same key with another status or note is refused (422).
    """
    actor, idea = signed_in_caller(), visible_idea(idea_id)
    with refusals():
        services.change_status(idea, change["status"], actor, note=change["note"],
                               idempotency_key=idempotency["key"])
    db.session.commit()
    return idea

"""Views of the similarity area: similar ideas while typing, and "is this the same as …?"."""
from flask import Blueprint, abort, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ideabox.errors import DomainError, NotFound, PermissionDenied
from ideabox.extensions import db, limiter
from ideabox.ideas.queries import board_by_slug, voted_idea_ids
from ideabox.ideas.web import fragment, is_htmx, refuse, sign_in_first
from ideabox.models import Idea
from ideabox.models.idea import BODY_MAX, TITLE_MAX
from ideabox.permissions import can_view_board
from ideabox.similarity import services
from ideabox.similarity.forms import SameAsForm

bp = Blueprint("similarity", __name__)

# Typing fires at most one request per pause (300 ms debounce); this leaves room for fast typists.
LOOKUP_RATE = "120 per minute"


@bp.app_context_processor
def inject_similarity_helpers():
    """Let the idea page's partials ask for similar ideas and the "same as" question."""
    return {
        "similar_ideas_for": lambda idea: services.ideas_similar_to(idea, current_user),
        "same_as_question_for": lambda idea: services.same_as_question(idea, current_user),
    }


@bp.get("/similar")
@limiter.limit(LOOKUP_RATE)
def similar_ideas():
    """Ideas similar to a draft's title and body; htmx gets the list, a plain GET a page."""
    board = _board_or_none(request.args.get("board", ""))
    exclude = request.args.get("exclude", type=int)
    title = request.args.get("title", "")[:TITLE_MAX]
    results = services.find_similar_ideas(
        current_user, title, request.args.get("body", "")[:BODY_MAX], board, exclude=[exclude] if exclude else []
    )
    context = {
        "results": results,
        "voted_ids": voted_idea_ids(current_user, [r.idea.id for r in results]),
        "title": title,
        "board": board,
    }
    if is_htmx():
        return fragment("similarity/_similar_results.html", **context)
    return fragment("similarity/similar.html", **context)


@bp.post("/ideas/<int:idea_id>/same-as")
def answer_same_as(idea_id):
    """Store the author's answer to "is your idea the same as …?"; yes also votes for the match."""
    idea = db.get_or_404(Idea, idea_id)
    back = url_for("ideas.idea", idea_id=idea.id, submitted=1)
    if not can_view_board(current_user, idea.board):
        abort(404, _("This idea does not exist."))
    if not current_user.is_authenticated:
        return sign_in_first(back, _("Sign in to answer."))
    form = SameAsForm()
    if not form.validate_on_submit():
        abort(400, _("Answer yes or no about one of the suggested ideas."))
    try:
        services.answer_same_as(idea, db.session.get(Idea, form.candidate_id.data), form.is_same, current_user)
    except PermissionDenied as error:
        abort(403, error.message)
    except NotFound as error:
        abort(404, error.message)
    except DomainError as error:
        return refuse(error, back)
    db.session.commit()
    if is_htmx():  # the answer in place of the question, and the sidebar's backer counts refreshed
        return fragment("similarity/_same_as_answer.html", idea=idea)
    flash(_("Thanks — your vote now counts on the existing idea too.") if form.is_same
          else _("Thanks — we'll keep your idea separate."), "success")
    return redirect(back, 303)


def _board_or_none(slug: str):
    """The board named by the form, if the visitor may see it (otherwise suggest from any board)."""
    board = board_by_slug(slug[:80]) if slug else None
    return board if board is not None and can_view_board(current_user, board) else None

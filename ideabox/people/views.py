"""The people pages: the community's top contributors, and each person's public profile."""
from flask import Blueprint, abort, render_template, request, url_for
from flask_login import current_user

from ideabox.extensions import db
from ideabox.models import User
from ideabox.people import queries, reputation
from ideabox.permissions import can_view_idea
from ideabox.routing import is_past_the_end, requested_page, to_the_last_page

bp = Blueprint("people", __name__)
PER_PAGE = 50


@bp.get("/people")
def leaderboard():
    """Everyone with reputation, highest first, with how many of their ideas the team adopted."""
    page = db.paginate(queries.ranked_people(), page=requested_page(request.args), per_page=PER_PAGE,
                       max_per_page=PER_PAGE, error_out=False)
    if is_past_the_end(page):
        return to_the_last_page(page, lambda number: url_for(".leaderboard", page=number))
    adopted = queries.adopted_counts([person.id for person in page.items], current_user)
    return render_template("people/leaderboard.html", page=page, adopted=adopted,
                           ADOPTED_POINTS=reputation.ADOPTED_POINTS, SHIPPED_POINTS=reputation.SHIPPED_POINTS)


@bp.get("/people/<int:user_id>")
def profile(user_id):
    """A person's reputation and where it comes from, their ideas and their latest comments, as the viewer may
    see them. Erased accounts have no profile."""
    person = db.session.get(User, user_id)
    if person is None or person.erased_at is not None:
        abort(404)
    ideas, idea_total = queries.profile_ideas(person, current_user)
    points = queries.points_seen_by(person, current_user)
    # The reputation shown is all they earned (it ranks them on the leaderboard); the part the viewer may not see
    # is told as one figure, so the figures still add up without revealing where it came from.
    unseen_points = max(person.reputation - points.total, 0)
    return render_template("people/profile.html", person=person, points=points, unseen_points=unseen_points,
                           ideas=ideas, idea_total=idea_total, comments=queries.profile_comments(person, current_user),
                           can_view_idea=can_view_idea, ADOPTED_POINTS=reputation.ADOPTED_POINTS,
                           SHIPPED_POINTS=reputation.SHIPPED_POINTS)

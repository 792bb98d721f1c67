"""Views of the ideas area: boards, the idea page, and what people do there (staff forms: staff_views)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ideabox.comments import mentions
from ideabox.auth.redirects import safe_next_url
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db, limiter, login_manager
from ideabox.ideas import queries, services, staff_views  # noqa: F401  (staff_views: the staff forms' routes)
from ideabox.ideas.blueprint import bp
from ideabox.ideas.forms import CommentForm, IdeaForm, NewIdeaForm
from ideabox.ideas.page import idea_page, merged_link, viewable_idea
from ideabox.ideas.ranking import GRAVITY, HOURS_OFFSET
from ideabox.ideas.search import any_of_the_words
from ideabox.ideas.web import (
    current_path, fragment, go_to, is_htmx, parse_board_filters, per_page, refuse, sign_in_first,
)
from ideabox.models.user import TEAM_ROLES
from ideabox.permissions import can_edit_idea, can_use_internal_notes, can_view_board
from ideabox.routing import is_past_the_end, to_the_last_page

# Generous for people, tight enough to stop a script flooding a board.
POSTING_RATE_LIMIT = "20 per minute"
MENTION_LOOKUP_RATE_LIMIT = "120 per minute"  # one lookup per keystroke after an @


@bp.get("/")
def home():
    """List the boards the visitor may see, with idea counts and their top ideas."""
    boards = list(db.session.scalars(queries.visible_boards(current_user)))
    board_ids = [board.id for board in boards]
    return render_template(
        "ideas/home.html",
        boards=boards,
        counts=queries.idea_counts(board_ids),
        previews=queries.top_ideas_by_board(board_ids),
    )


@bp.get("/b/<slug>")
def board(slug):
    """A board's ideas: sorted, filtered, searched and paginated from GET parameters."""
    board = _viewable_board(slug)
    filters = parse_board_filters(request.args)
    if filters.mine and not current_user.is_authenticated:
        return sign_in_first(current_path(), _("Sign in to see your own ideas."))
    page = _page_of_ideas(board, filters)
    if is_past_the_end(page):
        return to_the_last_page(page, lambda number: url_for(".board", slug=board.slug, **filters.params(page=number)))
    return render_template(
        "ideas/board.html",
        board=board,
        filters=filters,
        page=page,
        voted_ids=queries.voted_idea_ids(current_user, [idea.id for idea in page.items]),
        status_counts=queries.status_counts(board),
        mine_counts=queries.mine_counts(board, current_user),
        tags=queries.board_tags(board),
        board_link=lambda **changes: url_for(".board", slug=board.slug, **filters.params(**changes)),
        **_searches_to_offer(board, filters, page),
        gravity=GRAVITY, hours_offset=HOURS_OFFSET,
        back_url=current_path(),
    )


@bp.get("/search")
def search():
    """Ideas on every board the visitor may see that answer a search, or that they voted for, posted or
    follow, sorted and filtered like a board."""
    filters = parse_board_filters(request.args)
    if filters.mine and not current_user.is_authenticated:
        return sign_in_first(current_path(), _("Sign in to see your own ideas."))
    page = _page_of_ideas(None, filters) if filters.q or filters.mine else None
    if page and is_past_the_end(page):
        return to_the_last_page(page, lambda number: url_for(".search", **filters.params(page=number)))
    return render_template(
        "ideas/search.html",
        filters=filters,
        page=page,
        mine_counts=queries.mine_counts(None, current_user),
        voted_ids=queries.voted_idea_ids(current_user, [idea.id for idea in page.items] if page else []),
        board_link=lambda **changes: url_for(".search", **filters.params(**changes)),
        **_searches_to_offer(None, filters, page),
        back_url=current_path(),
    )


def _searches_to_offer(board, filters, page) -> dict:
    """For a search that found nothing: the same with its misspelt words corrected, if that finds something, else
    the search for any one of its words."""
    if not (page and filters.q) or page.total:
        return dict(did_you_mean=None, any_words=None)
    corrected = queries.did_you_mean(board, filters, current_user)
    return dict(did_you_mean=corrected, any_words=None if corrected else any_of_the_words(filters.q))


def _page_of_ideas(board, filters):
    """The page of listed ideas the filters ask for, on one board or (board None) on every visible one."""
    return db.paginate(
        queries.board_ideas(board, filters.sort, filters.status, filters.tag, filters.q, filters.mine, current_user),
        page=filters.page, per_page=per_page(), error_out=False, count=True,
    )


@bp.route("/b/<slug>/new", methods=["GET", "POST"])
@limiter.limit(POSTING_RATE_LIMIT, methods=["POST"])
def new_idea(slug):
    """Post an idea on a board; a board closed to new ideas says so to everyone, before anyone signs in for nothing."""
    board = _viewable_board(slug)
    if not board.accepts_ideas:
        return _closed_to_new_ideas(board)
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    form = NewIdeaForm().set_tag_choices(queries.all_tags())
    if form.validate_on_submit():
        try:
            idea = services.submit_idea(board, current_user, form.title.data, form.body.data,
                                        queries.find_tags(form.tags.data), form.submission_key.data)
        except DomainError as error:
            form.title.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Thanks! Your idea is posted, and your vote is already on it."), "success")
            return redirect(url_for(".idea", idea_id=idea.id, submitted=1), 303)
    status = 400 if form.errors else 200
    return render_template("ideas/idea_form.html", board=board, form=form, idea=None), status


@bp.get("/ideas/<int:idea_id>")
def idea(idea_id):
    """The idea page; merged ideas redirect to the idea they were merged into."""
    idea = viewable_idea(idea_id)
    if idea.merged_into_id:
        # 302, not 301: a merge can be undone, and browsers cache 301s forever.
        return redirect(merged_link(idea), 302)
    return render_template("ideas/idea.html", **idea_page(idea))


@bp.route("/ideas/<int:idea_id>/edit", methods=["GET", "POST"])
@login_required
def edit(idea_id):
    """Edit an idea's title, details and tags."""
    idea = viewable_idea(idea_id)
    if not can_edit_idea(current_user, idea):
        abort(403, _("Only the author can change this idea, and only until others vote for it."))
    form = IdeaForm(obj=idea).set_tag_choices(queries.all_tags())
    if request.method == "GET":
        form.tags.data = [tag.id for tag in idea.tags]
    if form.validate_on_submit():
        try:
            services.edit_idea(idea, current_user, form.title.data, form.body.data, queries.find_tags(form.tags.data))
        except DomainError as error:
            form.title.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Your changes are saved."), "success")
            return redirect(url_for(".idea", idea_id=idea.id), 303)
    status = 400 if form.errors else 200
    return render_template("ideas/idea_form.html", idea=idea, board=idea.board, form=form), status


@bp.post("/ideas/<int:idea_id>/withdraw")
def withdraw(idea_id):
    """Withdraw an idea from its board."""
    idea = viewable_idea(idea_id)
    back = url_for(".idea", idea_id=idea.id)
    if not current_user.is_authenticated:
        return sign_in_first(back, _("Sign in to withdraw your idea."))
    try:
        services.withdraw_idea(idea, current_user)
    except PermissionDenied as error:
        abort(403, error.message)
    except DomainError as error:
        return refuse(error, back)
    db.session.commit()
    flash(_("Your idea was withdrawn."), "success")
    return go_to(url_for(".board", slug=idea.board.slug))


@bp.post("/ideas/<int:idea_id>/vote")
def vote(idea_id):
    """Vote or un-vote; htmx gets the new button, plain forms go back where they were."""
    idea = viewable_idea(idea_id)
    back = safe_next_url(request.form.get("next"), url_for(".idea", idea_id=idea.id))
    on_idea_page = back == url_for(".idea", idea_id=idea.id)

    def answer(voted):
        context = {"idea": idea, "voted": voted, "back_url": back}
        if on_idea_page:  # the sidebar's counts change too
            context["voters"] = queries.recent_voters(idea)
        return fragment("ideas/_vote_answer.html", **context)

    return _one_click(idea, back, _("Sign in to vote — it takes a minute."), services.toggle_vote, answer)


def _wanted() -> bool | None:
    """The state a vote or follow button asked for (form field `want`: 1 or 0), None from a form without it."""
    return {"1": True, "0": False}.get(request.form.get("want", ""))


@bp.post("/ideas/<int:idea_id>/follow")
def follow(idea_id):
    """Follow or unfollow an idea."""
    idea = viewable_idea(idea_id)
    back = url_for(".idea", idea_id=idea.id)
    return _one_click(
        idea, back, _("Sign in to follow ideas."), services.toggle_follow,
        lambda following: fragment("ideas/_follow_button.html", idea=idea, following=following),
    )


@bp.post("/ideas/<int:idea_id>/comments")
@limiter.limit(POSTING_RATE_LIMIT)
def comment(idea_id):
    """Add a comment; htmx gets the refreshed comment list, errors included."""
    idea = viewable_idea(idea_id)
    back = url_for(".idea", idea_id=idea.id)
    if not current_user.is_authenticated:
        return sign_in_first(back + "#comments", _("Sign in to comment."))
    form = CommentForm()
    if form.validate_on_submit():
        try:
            services.add_comment(idea, current_user, form.body.data, internal=form.internal.data,
                                 submission_key=form.submission_key.data)
        except DomainError as error:
            form.body.errors.append(error.message)
        else:
            db.session.commit()
            if is_htmx():
                return fragment(
                    "ideas/_comment_posted.html", idea=idea, comments=queries.comments_seen_by(current_user, idea),
                    comment_form=CommentForm(formdata=None), following=True, voters=queries.recent_voters(idea),
                )
            return redirect(back + "#comments", 303)
    if is_htmx():
        return fragment("ideas/_comments.html", idea=idea, comments=queries.comments_seen_by(current_user, idea),
                        comment_form=form)
    return render_template("ideas/idea.html", **idea_page(idea, comment_form=form)), 400


@bp.get("/ideas/<int:idea_id>/mentions")
@limiter.limit(MENTION_LOOKUP_RATE_LIMIT)
def mention_suggestions(idea_id):
    """JSON for the comment box's @ autocomplete: the people the signed-in person may mention here."""
    idea = viewable_idea(idea_id)
    if not current_user.is_authenticated:
        return {"error": _("Sign in to mention people.")}, 401
    internal = request.args.get("internal") == "1"
    if internal and not can_use_internal_notes(current_user):
        return {"error": _("Only the product team can write internal notes.")}, 403
    people = mentions.suggestions(idea, current_user, internal, request.args.get("q", ""))
    return {"people": [{"id": person.id, "name": person.display_name, "team": person.role in TEAM_ROLES,
                        "mention": mentions.token(person)} for person in people]}


def _one_click(idea, back, sign_in_message, toggle, answer_htmx):
    """Toggle something for the signed-in user: htmx gets `answer_htmx(new_state)`, plain forms go `back`."""
    if not current_user.is_authenticated:
        return sign_in_first(back, sign_in_message)
    try:
        state = toggle(idea, current_user, _wanted())
    except DomainError as error:
        return refuse(error, back)
    db.session.commit()
    if is_htmx():
        return answer_htmx(state)
    return redirect(back, 303)


def _closed_to_new_ideas(board):
    """A closed board's new-idea page: its message and the boards open to ideas; a POST (409: the board's state
    refuses it) also gets what the person typed shown back, unposted, so nothing is lost."""
    others = list(db.session.scalars(queries.boards_open_to_ideas(current_user)))  # the closed board is not one
    draft = IdeaForm() if request.method == "POST" else None
    return render_template("ideas/board_closed.html", board=board, open_boards=others, draft=draft), 409 if draft else 200


def _viewable_board(slug):
    board = queries.board_by_slug(slug)
    if board is None or not can_view_board(current_user, board):
        abort(404, _("This board does not exist."))
    return board

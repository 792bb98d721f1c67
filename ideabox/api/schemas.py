"""The JSON shapes of boards, ideas, comments, themes and release notes: one description for the public API
(and its OpenAPI document) and for webhook payloads, so both speak the same language.

People appear by id and display name only: no email address ever leaves through either.
"""
from marshmallow import Schema, fields, validate

from ideabox.ideas.ranking import SORTS
from ideabox.models import IdeaStatus
from ideabox.models.idea import BODY_MAX, COMMENT_MAX, SUBMISSION_KEY_MAX, TITLE_MAX
from ideabox.notifications.links import absolute_from_path, absolute_url, rfc3339
from ideabox.notifications.news import idea_path, theme_path
from ideabox.permissions import is_staff

STATUSES = [status.value for status in IdeaStatus]


def idea_url(idea) -> str:
    """Where the idea lives: a merged duplicate's link leads to the idea it was merged into."""
    return absolute_from_path(idea_path(idea))


class Timestamp(fields.DateTime):
    """A moment as RFC 3339 in UTC (2026-12-06T22:15:00Z); a string of format date-time in the OpenAPI document."""

    def _serialize(self, value, attr, obj, **kwargs):
        return rfc3339(value) if value is not None else None


class Month(fields.String):
    """A month as YYYY-MM, from the date of its first day."""

    def _serialize(self, value, attr, obj, **kwargs):
        return value.strftime("%Y-%m") if value is not None else None


def link(serialize, **metadata) -> fields.Function:
    """An absolute URL that `serialize` makes from the object."""
    return fields.Function(serialize, metadata={"type": "string", "format": "uri", **metadata})


def status_field(**kwargs) -> fields.Enum:
    """An idea's or theme's status by its value (`planned`), a string enum in the OpenAPI document."""
    return fields.Enum(IdeaStatus, by_value=fields.String, **kwargs)


ETA = {"description": "The month the team expects to ship it (YYYY-MM)", "pattern": r"^\d{4}-\d{2}$",
       "example": "2027-03"}


class PersonSchema(Schema):
    id = fields.Integer()
    name = fields.String(attribute="stored_display_name")  # "Deleted user" in one language, for programs


class BoardSchema(Schema):
    id = fields.Integer()
    slug = fields.String()
    name = fields.String()
    description = fields.String()
    private = fields.Boolean(attribute="is_private")
    accepts_ideas = fields.Boolean(metadata={"description": "False when the board is closed to new ideas"})
    url = link(lambda board: absolute_url("ideas.board", slug=board.slug))


class BoardRefSchema(BoardSchema):
    class Meta:
        fields = ("id", "slug", "name", "private", "url")


class TagSchema(Schema):
    name = fields.String()


class IdeaSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    body = fields.String(metadata={"description": "Markdown, as written"})
    url = link(idea_url, description="A merged duplicate's URL leads to the idea it was merged into")
    status = status_field()
    board = fields.Nested(BoardRefSchema)
    author = fields.Nested(PersonSchema)
    votes = fields.Integer(attribute="vote_count")
    backers = fields.Integer(attribute="backer_count", metadata={"description": "Votes, recorded customer demand "
                                                                               "and merged duplicates' backers, each once"})
    comments = fields.Integer(attribute="comment_count")
    tags = fields.Pluck(TagSchema, "name", many=True)
    theme_id = fields.Integer(allow_none=True)
    merged_into_id = fields.Integer(allow_none=True)
    eta = Month(allow_none=True, metadata=ETA)
    created_at = Timestamp()


class CommentSchema(Schema):
    id = fields.Integer()
    body = fields.String(metadata={"description": "Markdown, as written"})
    author = fields.Nested(PersonSchema)
    official = fields.Function(lambda comment: is_staff(comment.author),
                               metadata={"type": "boolean", "description": "Written by the product team"})
    internal = fields.Boolean(attribute="is_internal", metadata={"description": "A team note customers never see"})
    hidden = fields.Boolean(attribute="is_hidden", metadata={
        "description": "Hidden by moderation: only those who may hide comments (PMs, admins) see it"})
    url = link(lambda comment: absolute_url(
        "ideas.idea", idea_id=comment.idea.merged_into_id or comment.idea_id, _anchor=f"comment-{comment.id}"))
    created_at = Timestamp()
    edited_at = Timestamp(attribute="updated_at", allow_none=True, metadata={"description": "Null unless edited"})


class ThemeSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    description = fields.String()
    status = status_field()
    url = link(lambda theme: absolute_from_path(theme_path(theme)))


class ReleaseSchema(Schema):
    id = fields.Integer()
    title = fields.String()
    body = fields.String(metadata={"description": "Markdown, as written"})
    kind = fields.String(metadata={"enum": ["new", "improved", "fixed"]})
    url = link(lambda release: absolute_url("roadmap.changelog", _anchor=f"release-{release.id}"))
    published_at = Timestamp()
    author = fields.Nested(PersonSchema, allow_none=True, metadata={"description": "Who published it, when known"})
    theme_id = fields.Integer(allow_none=True)
    idea_id = fields.Integer(allow_none=True)


class RoadmapCardSchema(Schema):
    """A theme (one card for all its ideas) or an idea outside any theme."""

    kind = fields.String(metadata={"enum": ["theme", "idea"]})
    id = fields.Integer()
    title = fields.String(attribute="subject.title")
    status = status_field(attribute="subject.status")
    url = link(lambda card: absolute_from_path(theme_path(card.subject)) if card.kind == "theme"
               else idea_url(card.subject))
    backers = fields.Integer(metadata={"description": "Unique backers of every idea of the card, each once"})
    eta = Month(attribute="subject.eta", allow_none=True, metadata=ETA)
    boards = fields.Pluck(BoardRefSchema, "slug", many=True, metadata={"description": "Their boards' slugs"})
    idea_ids = fields.Pluck(IdeaSchema, "id", many=True, attribute="ideas",
                            metadata={"description": "The ideas you may see that the card stands for"})
    shipped_at = Timestamp(allow_none=True, metadata={"description": "When it shipped, when known"})


class RoadmapSchema(Schema):
    planned = fields.List(fields.Nested(RoadmapCardSchema))
    in_progress = fields.List(fields.Nested(RoadmapCardSchema))
    shipped = fields.List(fields.Nested(RoadmapCardSchema), metadata={"description": "Shipped recently"})


class RoadmapQuerySchema(Schema):
    board = fields.String(metadata={"description": "A board's slug: only cards with ideas on it"})


# What callers send.

class IdeaQuerySchema(Schema):
    board = fields.String(metadata={"description": "A board's slug; every board you may see when left out"})
    status = fields.String(validate=validate.OneOf(STATUSES))
    sort = fields.String(load_default="top", validate=validate.OneOf(SORTS))
    q = fields.String(validate=validate.Length(max=200), metadata={"description": "Words to search for"})


class NewIdeaSchema(Schema):
    board = fields.String(required=True, metadata={"description": "The slug of the board to post on"})
    title = fields.String(required=True, validate=validate.Length(min=1, max=TITLE_MAX))
    body = fields.String(load_default="", validate=validate.Length(max=BODY_MAX))


class IdempotencySchema(Schema):
    key = fields.String(data_key="Idempotency-Key", load_default=None,
                        validate=validate.Length(min=1, max=SUBMISSION_KEY_MAX), metadata={"description": (
                            "Any unique string of yours, up to 64 characters. A request sent again with the same key "
                            "(its answer was lost) gets what the first one posted, not a second one; one that "
                            "carries anything else under that key is refused with 422.")})


class NewCommentSchema(Schema):
    body = fields.String(required=True, validate=validate.Length(min=1, max=COMMENT_MAX))
    internal = fields.Boolean(load_default=False, metadata={"description": "A team note (PMs, executives, admins)"})


class StatusChangeSchema(Schema):
    status = fields.String(required=True, validate=validate.OneOf(STATUSES))
    note = fields.String(load_default="", validate=validate.Length(max=COMMENT_MAX),
                         metadata={"description": "An official reply told to backers"})


class VoteSchema(Schema):
    voted = fields.Boolean(metadata={"description": "Whether you back the idea now"})
    idea = fields.Nested(IdeaSchema)

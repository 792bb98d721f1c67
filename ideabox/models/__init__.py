"""All models, importable from one place (Alembic autogenerate needs them loaded)."""
from ideabox.models.activity import AuditEvent, Notification, OutboxEmail
from ideabox.models.api_token import ApiToken
from ideabox.models.board import Board, Tag
from ideabox.models.idea import (
    Comment,
    CommentReaction,
    DuplicateAnswer,
    Follow,
    Idea,
    IdeaEmbedding,
    ProxyVote,
    StatusChange,
    Vote,
    idea_tags,
)
from ideabox.models.imports import Import
from ideabox.models.invitation import Invitation
from ideabox.models.report import Report
from ideabox.models.site import SiteSettings
from ideabox.models.sso import ExternalIdentity, SsoProvider
from ideabox.models.theme import Release, Theme
from ideabox.models.triage import ClusteringRun, DismissedPair, Merge, MergeSuggestion, SuggestionMember
from ideabox.models.types import IdeaStatus, Role, utcnow
from ideabox.models.upload import Upload
from ideabox.models.user import CustomerAccount, User
from ideabox.models.webhook import Webhook, WebhookDelivery, webhook_boards

__all__ = [
    "ApiToken", "AuditEvent", "Board", "ClusteringRun", "Comment", "CommentReaction", "CustomerAccount", "DismissedPair",
    "DuplicateAnswer", "ExternalIdentity", "Follow", "Idea", "IdeaEmbedding", "IdeaStatus", "Import", "Invitation", "Merge",
    "MergeSuggestion", "Notification", "OutboxEmail", "ProxyVote", "Release", "Report", "Role", "SiteSettings", "SsoProvider",
    "StatusChange", "SuggestionMember", "Tag", "Theme", "Upload", "User", "Vote", "Webhook", "WebhookDelivery", "idea_tags", "utcnow",
    "webhook_boards",
]

"""Which column holds what: the exports of Canny, Fider, UserVoice and Featurebase, and generic header names.

Headers are compared normalised ("Author Email", "authorEmail" and "author_email" are all "author email"). Where the
column names come from:
- Fider: its own exporter (getfider/fider, app/pkg/csv/csv.go and its test data): number, title, description,
  created_at, created_by (a name, no email), votes_count, comments_count, status, responded_by, responded_at,
  response, original_number, original_title, tags. No voters.
- UserVoice: its help centre's list of export fields (suggestion.title, suggestion.body, suggestion.status.name,
  suggestion.forum.name, suggestion.category.name, suggestion.labels.name, suggestion.created_timestamp); the
  creator's email and name, the vote count and the response are best guesses in the same style.
- Canny and Featurebase: best guesses from the field names of their APIs (Canny: title, details, board, status,
  author; Featurebase: title, content, author, authorEmail, upvotes, postCategory, postStatus, postTags, date).
"""
import re
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from ideabox.models import IdeaStatus

FIELDS = {
    "title": _l("Title"),
    "body": _l("Description"),
    "status": _l("Status"),
    "board": _l("Board"),
    "author_email": _l("Author email"),
    "author_name": _l("Author name"),
    "created_at": _l("Created on"),
    "voters": _l("Voters (emails)"),
    "vote_count": _l("Vote count"),
    "tags": _l("Tags"),
    "response": _l("Official response"),
}

GENERIC = {
    "title": ["title", "idea", "subject", "summary", "post title", "idea title"],
    "body": ["body", "description", "details", "content", "text", "idea description"],
    "status": ["status", "state", "stage"],
    "board": ["board", "category", "forum", "board name", "product", "area"],
    "author_email": ["author email", "email", "creator email", "user email", "submitter email", "author email address"],
    "author_name": ["author name", "author", "creator", "creator name", "created by", "user name", "submitter"],
    "created_at": ["created at", "created", "date", "created on", "created date", "date created", "submitted at"],
    "voters": ["voters", "voter emails", "voters emails", "supporters", "upvoters"],
    "vote_count": ["votes", "vote count", "votes count", "total votes", "upvotes"],
    "tags": ["tags", "labels", "tag"],
    "response": ["official response", "response", "official answer", "answer", "admin response", "reply"],
}


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    signature: frozenset  # normalised headers that all appear in this tool's export
    columns: dict  # field → normalised header names, tried before the generic ones


PRESETS = [
    Preset("fider", "Fider", frozenset({"number", "title", "description", "created by", "responded by"}), {
        "body": ["description"], "author_name": ["created by"], "vote_count": ["votes count", "total votes"],
        "response": ["response"], "created_at": ["created at"],
    }),
    Preset("uservoice", "UserVoice", frozenset({"suggestion title"}), {
        "title": ["suggestion title"], "body": ["suggestion body"], "status": ["suggestion status name"],
        "board": ["suggestion forum name", "suggestion category name"],
        "author_email": ["suggestion creator email address", "suggestion creator email", "user email address"],
        "author_name": ["suggestion creator name", "user name"], "created_at": ["suggestion created timestamp"],
        "vote_count": ["suggestion votes count", "suggestion supporters count"], "tags": ["suggestion labels name"],
        "response": ["suggestion status update text", "suggestion response text"],
    }),
    Preset("canny", "Canny", frozenset({"title", "details"}), {
        "body": ["details"], "board": ["board", "board name"], "author_email": ["author email"],
        "author_name": ["author name", "author"], "voters": ["voters", "voter emails"],
        "vote_count": ["votes", "vote count", "score"], "response": ["status comment", "status change comment"],
    }),
    Preset("featurebase", "Featurebase", frozenset({"title", "content", "upvotes"}), {
        "body": ["content"], "status": ["post status", "status"], "board": ["post category", "category", "board"],
        "author_email": ["author email"], "author_name": ["author"], "created_at": ["date", "created at"],
        "vote_count": ["upvotes"], "tags": ["post tags", "tags"], "voters": ["upvoters", "voters"],
    }),
]
PRESET_NAMES = {preset.key: preset.name for preset in PRESETS}

# what other tools call their statuses (normalised) → IdeaBox's; an unlisted one is a row error until mapped
STATUS_WORDS = {
    IdeaStatus.OPEN: ["open", "new", "pending", "submitted", "idea", "backlog", "needs review"],
    IdeaStatus.UNDER_REVIEW: ["under review", "in review", "review", "reviewing", "considering", "under consideration"],
    IdeaStatus.PLANNED: ["planned", "up next", "next", "accepted", "coming soon"],
    IdeaStatus.IN_PROGRESS: ["in progress", "started", "in development", "building", "working on it", "beta"],
    IdeaStatus.SHIPPED: ["complete", "completed", "done", "shipped", "released", "live", "launched"],
    IdeaStatus.DECLINED: ["closed", "declined", "rejected", "won t do", "wont do", "not planned", "duplicate",
                          "archived"],
}
_STATUS_OF = {word: status for status, words in STATUS_WORDS.items() for word in words}


def normalise(header: str) -> str:
    """A header as compared: camelCase split, lower-case, runs of punctuation and spaces as one space."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", " ", header or "")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", spaced.lower()).split())


def detect_preset(headers: list[str]) -> Preset | None:
    """The tool whose export these headers look like, if any."""
    present = {normalise(header) for header in headers}
    return next((preset for preset in PRESETS if preset.signature <= present), None)


def guess_mapping(headers: list[str], preset: Preset | None) -> dict[str, str]:
    """Field → header for every field a header was found for (each header serves one field at most)."""
    by_name = {}
    for header in headers:
        by_name.setdefault(normalise(header), header)
    mapping, used = {}, set()
    for field in FIELDS:
        candidates = [*(preset.columns.get(field, []) if preset else []), *GENERIC[field]]
        header = next((by_name[name] for name in candidates if name in by_name and by_name[name] not in used), None)
        if header is not None:
            mapping[field] = header
            used.add(header)
    return mapping


def look_alike_columns(headers: list[str]) -> dict[str, list[str]]:
    """Field → headers, for each field that more than one column is a generic name of ("title" and "idea"): the
    mapping would take one and leave the other out. A tool's own export names are ordered choices, not look-alikes
    (UserVoice's forum and category both name a board; the forum wins)."""
    found = {field: [header for header in headers if normalise(header) in names] for field, names in GENERIC.items()}
    return {field: columns for field, columns in found.items() if len(columns) > 1}


def guess_status(value: str) -> str:
    """IdeaBox's status for another tool's status name, or "" when unknown (blank counts as open)."""
    name = normalise(value)
    if not name:
        return IdeaStatus.OPEN.value
    status = _STATUS_OF.get(name)
    return status.value if status else ""

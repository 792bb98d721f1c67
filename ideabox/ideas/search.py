"""Full-text search over idea titles and bodies, one API on PostgreSQL and SQLite.

Both read a query as a web search box does: words of letters and digits (punctuation only separates
them; a hyphen inside a word too, so "dark-mode" is dark and mode), "quoted phrases", `-word` to
exclude and `or` between alternatives. A query without a word ("?!") is no search: it keeps every idea.

PostgreSQL matches `websearch_to_tsquery` against the English tsvector of title and body (stemming:
"exporting" finds "export"). SQLite has no such index here, so each word must appear, case-insensitively,
in the title or the body, and the words of a phrase (or of "it's", "v2.0") one after another, a character
apart. % and _ are literal there: "50%" and "snake_case" find themselves.
"""
import re
from typing import NamedTuple

from sqlalchemy import and_, func, not_, or_, true

from ideabox.extensions import db
from ideabox.models import Idea
from ideabox.models.idea import TEXT_SEARCH_CONFIG, search_document

SEARCH_MAX = 200

_HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")
_CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')  # a "phrase" (its closing quote optional) or a bare run
_WORD = re.compile(r"[\w%]+")  # _ is a word character; % is kept so that "50%" is not just 50


class Term(NamedTuple):
    """Words that must appear one after another (or, excluded, must not)."""

    words: tuple[str, ...]
    excluded: bool = False


def parse_search(terms: str) -> list[list[Term]]:
    """The alternatives a query asks for (separated by `or`), each a list of terms that must all match."""
    alternatives = [[]]
    for minus, phrase, bare in _CHUNK.findall(_HYPHEN_IN_WORD.sub(" ", terms)):
        if not minus and bare.lower() == "or":
            alternatives.append([])
            continue
        words = tuple(w for w in _WORD.findall(phrase or bare) if any(c.isalnum() for c in w))
        if words:
            alternatives[-1].append(Term(words, excluded=bool(minus)))
    return [alternative for alternative in alternatives if alternative]


def _like_pattern(words) -> str:
    escaped = (w.replace("%", "\\%").replace("_", "\\_") for w in words)  # words hold no backslash
    return "%" + "_".join(escaped) + "%"  # the unescaped _ between words: any one character, a space or a '


def _like_condition(term: Term):
    pattern = _like_pattern(term.words)
    found = or_(Idea.title.ilike(pattern, escape="\\"), Idea.body.ilike(pattern, escape="\\"))
    return not_(found) if term.excluded else found


def search_condition(terms: str, dialect_name: str | None = None):
    """A WHERE clause matching ideas whose title or body answers the search `terms`."""
    alternatives = parse_search(terms)
    if not alternatives:
        return true()
    dialect_name = dialect_name or db.session.get_bind().dialect.name
    if dialect_name == "postgresql":
        query = func.websearch_to_tsquery(TEXT_SEARCH_CONFIG, _HYPHEN_IN_WORD.sub(" ", terms))
        return search_document().bool_op("@@")(query)
    return or_(*(and_(*(_like_condition(term) for term in alternative)) for alternative in alternatives))

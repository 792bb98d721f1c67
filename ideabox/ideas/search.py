"""Full-text search over idea titles and bodies, one API on PostgreSQL and SQLite.

Both read a query as a web search box does: words of letters and digits (any other character only separates
them, inside a word too: "dark-mode" is dark and mode, "50%" is 50, "snake_case" the phrase "snake case"),
"quoted phrases", `-word` to exclude and `or` between alternatives. A query without a word ("?!") is no
search: it keeps every idea.

Both match whole words, stemmed as English: "exports" and "exporting" find "export", and "cat" does not find
"duplicate". PostgreSQL matches `websearch_to_tsquery` against the English tsvector of title and body (the GIN
index of migration 0002). SQLite matches the same parse, written as an FTS5 expression, against ideas_fts (migration
0038: title and body through the Porter stemmer, kept in step with ideas by triggers). What still differs:
PostgreSQL skips English stop words ("the", "to") and lets a phrase run on from the title into the body, and
the two stemmers disagree on rare words.
"""
import re
from typing import NamedTuple

from sqlalchemy import column, func, literal_column, or_, select, table, true

from ideabox.extensions import db
from ideabox.models import Idea
from ideabox.models.idea import TEXT_SEARCH_CONFIG, search_document

SEARCH_MAX = 200

_HYPHEN_IN_WORD = re.compile(r"(?<=\w)-(?=\w)")
_CHUNK = re.compile(r'(-?)(?:"([^"]*)"?|([^\s"]+))')  # a "phrase" (its closing quote optional) or a bare run
_WORD = re.compile(r"\w+")  # _ included: "snake_case" stays one phrase, which FTS5 reads as "snake case"

SQLITE_INDEX = "ideas_fts"  # SQLite's search index (migration 0038)
_IDEAS_FTS = table(SQLITE_INDEX, column("rowid"))


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


def any_of_the_words(terms: str) -> str | None:
    """The search for any one of the query's words ("mobile or offline"), to offer when a search of several words
    found nothing; None for fewer than two words, or a query that says itself how to combine them (or, -word)."""
    alternatives = parse_search(terms)
    if len(alternatives) != 1 or any(term.excluded for term in alternatives[0]):
        return None
    words = list(dict.fromkeys(word.lower() for term in alternatives[0] for word in term.words))
    query = " or ".join(words)
    return query if len(words) > 1 and len(query) <= SEARCH_MAX else None


def is_search_index_table(name: str) -> bool:
    """Whether a table is SQLite's search index or one FTS5 keeps for it: derived from ideas by triggers, so no
    data to back up, and no schema the models declare."""
    return name == SQLITE_INDEX or name.startswith(f"{SQLITE_INDEX}_")


def _fts_phrase(term: Term) -> str:
    # one FTS5 string: the user's words are never FTS5 syntax (NEAR, *, ^, column:), only a phrase to match
    return '"' + " ".join(term.words).replace('"', '""') + '"'


def _fts_any(terms: list[Term]) -> str:
    return " OR ".join(_fts_phrase(term) for term in terms)


def _fts_matches(expression: str):
    """A select of the ids of the ideas whose title or body match the FTS5 `expression`."""
    return select(_IDEAS_FTS.c.rowid).where(literal_column(SQLITE_INDEX).match(expression))


def _fts_condition(alternatives: list[list[Term]]):
    """SQLite's condition: the alternatives with a word to find in one MATCH; each of exclusions alone apart,
    as NOT IN, since FTS5's NOT only takes away from what something else found."""
    found, conditions = [], []
    for alternative in alternatives:
        wanted = [term for term in alternative if not term.excluded]
        unwanted = [term for term in alternative if term.excluded]
        if not wanted:
            conditions.append(Idea.id.not_in(_fts_matches(_fts_any(unwanted))))
            continue
        expression = " AND ".join(_fts_phrase(term) for term in wanted)
        found.append(f"({expression}) NOT ({_fts_any(unwanted)})" if unwanted else f"({expression})")
    if found:
        conditions.append(Idea.id.in_(_fts_matches(" OR ".join(found))))
    return or_(*conditions)


def search_condition(terms: str, dialect_name: str | None = None):
    """A WHERE clause matching ideas whose title or body answers the search `terms`."""
    alternatives = parse_search(terms)
    if not alternatives:
        return true()
    dialect_name = dialect_name or db.session.get_bind().dialect.name
    if dialect_name == "postgresql":
        query = func.websearch_to_tsquery(TEXT_SEARCH_CONFIG, _HYPHEN_IN_WORD.sub(" ", terms))
        return search_document().bool_op("@@")(query)
    return _fts_condition(alternatives)

"""Full-text search over idea titles and bodies, one API on PostgreSQL and SQLite.

PostgreSQL matches `websearch_to_tsquery` against the English tsvector of title and body
(stemming: "exporting" finds "export"; quotes and `-word` work as on the web). SQLite has
no such index here, so every word of the query must appear, case-insensitively, in the
title or the body.
"""
from sqlalchemy import and_, func, or_

from ideabox.extensions import db
from ideabox.models import Idea
from ideabox.models.idea import TEXT_SEARCH_CONFIG, search_document

SEARCH_MAX = 200


def _like_pattern(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def search_condition(terms: str, dialect_name: str | None = None):
    """A WHERE clause matching ideas whose title or body answers the search `terms`."""
    dialect_name = dialect_name or db.session.get_bind().dialect.name
    if dialect_name == "postgresql":
        return search_document().bool_op("@@")(func.websearch_to_tsquery(TEXT_SEARCH_CONFIG, terms))
    words = terms.split()
    return and_(
        *(
            or_(Idea.title.ilike(_like_pattern(w), escape="\\"), Idea.body.ilike(_like_pattern(w), escape="\\"))
            for w in words
        )
    )

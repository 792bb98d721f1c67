"""A savepoint belongs to the transaction around it on SQLite too: rolling that transaction back undoes what the
savepoint kept. (pysqlite opens a transaction only before a write, so a savepoint that came first opened its own,
and releasing it committed its rows at once.)"""
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.ideas.services import submit_idea
from ideabox.models import Idea, Tag


def tag_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Tag))


def test_rolling_back_undoes_a_savepoint_that_was_the_transaction_s_first_write(app):
    db.session.commit()
    with db.session.begin_nested():
        db.session.add(Tag(slug="pdf", name="PDF"))
    assert tag_count() == 1
    db.session.rollback()
    assert tag_count() == 0


def test_a_request_that_fails_after_its_savepoint_leaves_nothing(app, board, customer):
    db.session.commit()
    submit_idea(board, customer, "Export the roadmap as PDF", submission_key="form-1")  # its insert is a savepoint
    db.session.rollback()  # as a request that fails before its commit
    assert db.session.scalar(select(func.count()).select_from(Idea)) == 0

"""Foreign keys hold on SQLite as on PostgreSQL, and SQLite migrations of a populated database lose no row."""
import pytest
from flask_migrate import upgrade
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from ideabox import create_app
from ideabox.extensions import db
from ideabox.models import Comment, Idea, Vote
from tests import factories
from tests.test_app import insert_user_at_0009


def test_deleting_a_board_takes_its_ideas_votes_and_comments_with_it(app, board, customer):
    idea = factories.make_idea(board, customer)
    factories.make_comment(idea, customer)
    db.session.add(Vote(idea_id=idea.id, user_id=customer.id))
    db.session.commit()
    db.session.execute(text("DELETE FROM boards WHERE id = :id"), {"id": board.id})
    db.session.commit()
    assert [db.session.query(model).count() for model in (Idea, Vote, Comment)] == [0, 0, 0]


def test_a_row_pointing_nowhere_is_refused(app, customer):
    with pytest.raises(IntegrityError):
        db.session.execute(text("INSERT INTO votes (idea_id, user_id, created_at) VALUES (424242, :user, '2026-01-01')"),
                           {"user": customer.id})
        db.session.flush()
    db.session.rollback()


def test_migrating_a_populated_sqlite_database_keeps_every_row(tmp_path):
    """Batch migrations copy a table, drop it and rename the copy: with foreign keys on, the drop would
    cascade into every vote and comment of the ideas table (0014 rebuilds it)."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'old.db'}", "SECRET_KEY": "k"})
    counts = "SELECT (SELECT count(*) FROM ideas), (SELECT count(*) FROM votes), (SELECT count(*) FROM comments)"
    with app.app_context():
        upgrade(revision="0009")
        with db.engine.begin() as connection:
            insert_user_at_0009(connection)
            connection.execute(text("INSERT INTO boards (id, slug, name, description, is_private, created_at)"
                                    " VALUES (1, 'web', 'Web', '', 0, '2025-01-02')"))
            connection.execute(text(
                "INSERT INTO ideas (id, board_id, author_id, title, body, status, vote_count, backer_count, comment_count,"
                " roadmap_pinned, created_at, updated_at) VALUES (1, 1, 1, 'Dark mode', '', 'open', 1, 1, 1, 0,"
                " '2025-01-02', '2025-01-02')"))
            connection.execute(text("INSERT INTO votes (idea_id, user_id, created_at) VALUES (1, 1, '2025-01-03')"))
            connection.execute(text(
                "INSERT INTO comments (idea_id, author_id, body, is_hidden, is_internal, created_at)"
                " VALUES (1, 1, 'Yes please', 0, 0, '2025-01-03')"))
        upgrade()
        with db.engine.connect() as connection:
            assert tuple(connection.execute(text(counts)).one()) == (1, 1, 1)
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1  # on again after the migrations
            assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
        db.engine.dispose()

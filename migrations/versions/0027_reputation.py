"""reputation counts: what people gave others' ideas and comments, and which of their ideas the team adopted

Revision ID: 0027
Revises: 0026
Create Date: 2026-12-06 23:20:00

users.reputation existed since 0001 but nothing set it. From now on the app recomputes it as things happen
(ideabox.people.reputation); this fills it once for the history already there, with the same rules written
out in SQL as they stand today: 1 point per other person's vote on your ideas, 1 per other person reacting to
one of your visible comments, 10 per idea of yours planned or in progress, 25 per idea shipped (a merged
duplicate counting with the status of the idea it was merged into), withdrawn ideas nothing.
"""
from alembic import op


revision = '0027'
down_revision = '0026'
branch_labels = None
depends_on = None

BACKFILL = """
UPDATE users SET reputation =
  (SELECT count(*) FROM votes v JOIN ideas i ON i.id = v.idea_id
    WHERE i.author_id = users.id AND v.user_id <> users.id)
  + (SELECT count(*) FROM comment_reactions r JOIN comments c ON c.id = r.comment_id
      WHERE c.author_id = users.id AND r.user_id <> users.id AND c.is_hidden = false
        AND NOT EXISTS (SELECT 1 FROM comment_reactions t
                         WHERE t.comment_id = r.comment_id AND t.user_id = r.user_id AND t.kind < r.kind))
  + (SELECT coalesce(sum(CASE WHEN coalesce(p.status, i.status) = 'shipped' THEN 25
                              WHEN coalesce(p.status, i.status) IN ('planned', 'in_progress') THEN 10
                              ELSE 0 END), 0)
       FROM ideas i LEFT OUTER JOIN ideas p ON p.id = i.merged_into_id
      WHERE i.author_id = users.id AND i.withdrawn_at IS NULL)
"""


def upgrade():
    op.execute(BACKFILL)


def downgrade():
    op.execute("UPDATE users SET reputation = 0")

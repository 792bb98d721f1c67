"""reputation recounted: reactions to comments under a withdrawn idea no longer earn their authors points

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-07 22:00:00

0043 stopped a withdrawn idea's backers earning its author points; the reactions to the comments under it still
counted for the comments' authors. The app now leaves them out too; this recounts everyone once with the rules as
they stand today: 0043's, with that one change.
"""
from alembic import op


revision = '0046'
down_revision = '0045'
branch_labels = None
depends_on = None

RECOUNT = """
UPDATE users SET reputation =
  (SELECT count(*) FROM votes v JOIN ideas i ON i.id = v.idea_id
    WHERE i.author_id = users.id AND v.user_id <> users.id AND i.withdrawn_at IS NULL)
  + (SELECT count(*) FROM comment_reactions r JOIN comments c ON c.id = r.comment_id
                                              JOIN ideas ci ON ci.id = c.idea_id
      WHERE c.author_id = users.id AND r.user_id <> users.id AND c.is_hidden = false AND ci.withdrawn_at IS NULL
        AND NOT EXISTS (SELECT 1 FROM comment_reactions t
                         WHERE t.comment_id = r.comment_id AND t.user_id = r.user_id AND t.kind < r.kind))
  + (SELECT coalesce(sum(CASE WHEN coalesce(p.status, i.status) = 'shipped' THEN 25
                              WHEN coalesce(p.status, i.status) IN ('planned', 'in_progress') THEN 10
                              ELSE 0 END), 0)
       FROM ideas i LEFT OUTER JOIN ideas p ON p.id = i.merged_into_id
      WHERE i.author_id = users.id AND i.withdrawn_at IS NULL)
"""


def upgrade():
    op.execute(RECOUNT)


def downgrade():
    pass  # the counts stay right: the app keeps them so

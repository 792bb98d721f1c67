"""reputation recounted: the backers of a withdrawn idea no longer earn its author points

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-07 18:10:00

The app counted the votes on a withdrawn idea toward its author's reputation, so spam the team took down kept
earning (0027's backfill did the same). The app now leaves them out as it recomputes someone; this recounts
everyone once with the rules as they stand today, 0027's with that one change.
"""
from alembic import op


revision = '0043'
down_revision = '0042'
branch_labels = None
depends_on = None

RECOUNT = """
UPDATE users SET reputation =
  (SELECT count(*) FROM votes v JOIN ideas i ON i.id = v.idea_id
    WHERE i.author_id = users.id AND v.user_id <> users.id AND i.withdrawn_at IS NULL)
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
    op.execute(RECOUNT)


def downgrade():
    pass  # the counts stay right: the app keeps them so

"""What the merge panel on an idea page shows, built once per render with a few queries."""
from dataclasses import dataclass, field

from flask import current_app

from ideabox.extensions import db
from ideabox.merging import queries
from ideabox.merging.forms import JoinThemeForm, MergeForm, ProxyVoteForm
from ideabox.models import Comment, Idea, Merge, ProxyVote, Theme
from ideabox.permissions import can_see_insights, can_use_internal_notes, is_staff
from ideabox.themes.queries import can_view_theme
from ideabox.themes.ranking import Score, score_ideas, settings_from_config


@dataclass
class MergePanel:
    duplicates: list[tuple[Idea, Merge | None]]
    comments: list[Comment]
    proxy_votes: list[ProxyVote]
    show_accounts: bool
    can_manage: bool
    theme: Theme | None = None
    score: Score | None = None
    account_names: list[str] = field(default_factory=list)
    theme_titles: list[str] = field(default_factory=list)
    merge_form: MergeForm | None = None
    proxy_form: ProxyVoteForm | None = None
    theme_form: JoinThemeForm | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.duplicates or self.comments or self.proxy_votes or self.theme or self.score or self.can_manage)


def build_merge_panel(idea: Idea, viewer, merge_form=None, proxy_form=None, theme_form=None) -> MergePanel:
    """Gather the idea's merged duplicates, their comments and proxy demand as `viewer` may see them."""
    duplicates = [tuple(row) for row in db.session.execute(queries.merged_duplicates(idea, viewer))]
    ids = [duplicate.id for duplicate, _ in duplicates]
    comments = queries.merged_comments(ids, include_internal=can_use_internal_notes(viewer))
    comments = list(db.session.scalars(comments)) if ids else []
    manage, insider = is_staff(viewer), can_see_insights(viewer)
    theme = db.session.get(Theme, idea.theme_id) if idea.theme_id else None
    return MergePanel(
        duplicates=duplicates,
        comments=comments,
        proxy_votes=list(db.session.scalars(queries.proxy_votes(idea))),
        show_accounts=insider,
        can_manage=manage,
        theme=theme if theme and can_view_theme(viewer, theme) else None,
        score=score_ideas([idea.id], settings_from_config(current_app.config))[idea.id] if insider else None,
        account_names=list(db.session.scalars(queries.account_names())) if manage else [],
        theme_titles=list(db.session.scalars(queries.theme_titles())) if manage else [],
        merge_form=(merge_form or MergeForm()) if manage else None,
        proxy_form=(proxy_form or ProxyVoteForm()) if manage else None,
        theme_form=(theme_form or JoinThemeForm()) if manage else None,
    )

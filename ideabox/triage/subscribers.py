"""Keep pending duplicate suggestions in step with merges and withdrawals made anywhere in the app."""
from ideabox import signals
from ideabox.triage.services import drop_from_pending, refresh_backers_united


@signals.ideas_merged.connect
def forget_merged(primary, merged=(), actor=None, **_):
    """Ideas merged into another leave every pending group."""
    drop_from_pending({idea.id for idea in merged}, actor)


@signals.idea_withdrawn.connect
def forget_withdrawn(idea, actor=None, **_):
    """A withdrawn idea leaves every pending group."""
    drop_from_pending({idea.id}, actor)


@signals.backers_recounted.connect
def recount_united(idea, **_):
    """The groups holding an idea whose backers changed show and rank by a stale figure otherwise."""
    refresh_backers_united(idea.id)

"""Read-side selects of the import pages."""
from sqlalchemy import select
from sqlalchemy.orm import defer, selectinload

from ideabox.models import Import


def imports_newest_first():
    """Every import, newest first, with who ran it (the content is not needed: deferred)."""
    return select(Import).options(selectinload(Import.created_by), defer(Import.content)).order_by(Import.id.desc())

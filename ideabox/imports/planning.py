"""What an import would do, worked out without writing anything: the preview and the import both start here."""
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.imports import cells
from ideabox.imports.presets import guess_status
from ideabox.imports.reading import Table
from ideabox.models import Board, Idea, IdeaStatus, Tag, User, utcnow
from ideabox.models.idea import BODY_MAX, COMMENT_MAX, TITLE_MAX

# the author of rows that name none (Fider's export has names, no emails): one account, never emailed
PLACEHOLDER_EMAIL = "imported-author@ideabox.invalid"


@dataclass
class PlannedIdea:
    line: int
    title: str
    body: str
    status: IdeaStatus
    board: Board | None  # None: a board the import creates, named board_name
    board_name: str
    author_email: str
    author_name: str
    created_at: datetime
    voters: list[str]
    tags: list[str]
    response: str
    vote_count: int | None = None  # what the other tool counted, shown beside the votes IdeaBox will hold
    duplicate: bool = False  # the same title and description are on that board already (or earlier in the file)


@dataclass
class Plan:
    ideas: list[PlannedIdea] = field(default_factory=list)
    errors: list[tuple[int, list[str]]] = field(default_factory=list)  # (line, what is wrong)
    names: dict[str, str] = field(default_factory=dict)  # email → name from the file, for accounts it creates
    existing_emails: set[str] = field(default_factory=set)

    @property
    def new(self) -> list[PlannedIdea]:
        return [idea for idea in self.ideas if not idea.duplicate]

    @property
    def already_here(self) -> int:
        return len(self.ideas) - len(self.new)

    @property
    def emails(self) -> set[str]:
        return {email for idea in self.new for email in [idea.author_email, *idea.voters]}

    @property
    def new_accounts(self) -> set[str]:
        return self.emails - self.existing_emails

    @property
    def votes(self) -> int:
        return sum(1 + len(idea.voters) for idea in self.new)

    @property
    def boards(self) -> set[str]:
        return {idea.board_name for idea in self.new}

    @property
    def new_boards(self) -> set[str]:
        return {idea.board_name for idea in self.new if idea.board is None}


def make_plan(table: Table, settings: dict) -> Plan:
    """Check every row of the table against the settings and the database; nothing is written."""
    mapping, plan = settings.get("mapping", {}), Plan()
    boards = list(db.session.scalars(select(Board)))
    by_name = {key: board for board in boards for key in (board.name.lower(), board.slug)}
    default_board = db.session.get(Board, settings.get("board_id") or 0)
    for line, row in table.rows:
        cell = {name: row.get(header, "") or "" for name, header in mapping.items()}
        problems = []
        idea = _read_row(line, cell, settings, by_name, default_board, problems)
        if problems:
            plan.errors.append((line, problems))
            continue
        plan.ideas.append(idea)
        if cell.get("author_name") and idea.author_email != PLACEHOLDER_EMAIL:
            plan.names.setdefault(idea.author_email, " ".join(cell["author_name"].split())[:80])
    plan.existing_emails = _existing_emails({e for idea in plan.ideas for e in [idea.author_email, *idea.voters]})
    _mark_duplicates(plan.ideas)
    return plan


def _read_row(line, cell, settings, by_name, default_board, problems) -> PlannedIdea:
    title = " ".join(cell.get("title", "").split())
    if not title:
        problems.append(_("No title."))
    elif len(title) > TITLE_MAX:
        problems.append(_("The title has %(count)d characters; at most %(max)d fit.", count=len(title), max=TITLE_MAX))
    body = cell.get("body", "").strip()
    if len(body) > BODY_MAX:
        problems.append(_("The description has %(count)d characters; at most %(max)d fit.", count=len(body),
                          max=BODY_MAX))
    status = settings.get("statuses", {}).get(cell.get("status", ""), "") or guess_status(cell.get("status", ""))
    if not status:
        problems.append(_("Unknown status “%(status)s”: choose what it becomes under Statuses.",
                          status=cell.get("status")))
    board_name, board = cell.get("board", "").strip(), default_board
    if board_name:
        board = by_name.get(board_name.lower()) or by_name.get(cells.slugify(board_name, 60))
        if board is None and not settings.get("create_boards"):
            problems.append(_("No board is named “%(board)s”: create it, map it or tick “Create the boards the file names that do not exist yet”.",
                              board=board_name))
    elif board is None:
        problems.append(_("No board: choose the board ideas go to."))
    author = cell.get("author_email", "").strip()
    author_email = cells.clean_email(author) if author else PLACEHOLDER_EMAIL
    if author_email is None:
        problems.append(_("“%(email)s” is not an email address.", email=author))
    created_at = utcnow()
    if cell.get("created_at", "").strip():
        created_at = cells.parse_date(cell["created_at"])
        if created_at is None:
            problems.append(_("“%(date)s” is not a date: use 2024-03-31 or 2024-03-31T14:05:00Z.",
                              date=cell["created_at"]))
        elif created_at > utcnow():
            problems.append(_("The date %(date)s is in the future.", date=cell["created_at"]))
    voters = cells.split_emails(cell.get("voters", ""))
    bad_voters = [voter for voter in voters if cells.clean_email(voter) is None]
    if bad_voters:
        problems.append(_("Not email addresses among the voters: %(emails)s.", emails=", ".join(bad_voters)))
    vote_count = cells.parse_count(cell["vote_count"]) if cell.get("vote_count", "").strip() else None
    if cell.get("vote_count", "").strip() and vote_count is None:
        problems.append(_("“%(count)s” is not a number of votes.", count=cell["vote_count"]))
    response = cell.get("response", "")
    if len(response) > COMMENT_MAX:
        problems.append(_("The official response has %(count)d characters; at most %(max)d fit.",
                          count=len(response), max=COMMENT_MAX))
    if problems:
        return None
    return PlannedIdea(
        line=line, title=title, body=body, status=IdeaStatus(status), board=board,
        board_name=board.name if board else " ".join(board_name.split())[:80], author_email=author_email,
        author_name=cell.get("author_name", ""), created_at=created_at,
        voters=[voter for voter in voters if voter != author_email], tags=cells.split_tags(cell.get("tags", "")),
        response=response, vote_count=vote_count,
    )


def _existing_emails(emails: set[str]) -> set[str]:
    found, ordered = set(), sorted(emails)
    for start in range(0, len(ordered), 500):
        found.update(db.session.scalars(select(User.email).where(User.email.in_(ordered[start:start + 500]))))
    return found


def _mark_duplicates(ideas: list[PlannedIdea]) -> None:
    """Flag rows whose title and description are already on their board, or came earlier in the file."""
    board_ids = {idea.board.id for idea in ideas if idea.board is not None}
    rows = db.session.execute(
        select(Idea.board_id, Idea.title, Idea.body).where(Idea.board_id.in_(board_ids))
    ) if board_ids else []
    # compared as _read_row cleans a row, lower-cased by Python: SQLite's lower() leaves "É" as it is
    seen = {(board_id, " ".join(title.split()).lower(), body.strip()) for board_id, title, body in rows}
    for idea in ideas:
        key = (idea.board.id if idea.board else idea.board_name.lower(), idea.title.lower(), idea.body.strip())
        idea.duplicate = key in seen
        seen.add(key)


def existing_tags() -> dict[str, Tag]:
    """Tags by lower-cased name and by slug."""
    return {key: tag for tag in db.session.scalars(select(Tag)) for key in (tag.name.lower(), tag.slug)}

"""Board and idea pages through HTTP: visibility per role, toolbar parameters, redirects, bad input."""
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import event

from ideabox.extensions import db
from ideabox.models import Follow, IdeaStatus, StatusChange, utcnow
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_ideas import add_votes

SEES_PRIVATE = {"anonymous": False, "customer": False, "pm": True, "executive": True, "admin": True}


def text_of(response):
    return response.get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_home_lists_the_boards_each_role_may_see(client, as_role, board, private_board, role):
    factories.make_idea(board, factories.make_user(), title="Offline mode")
    as_role(role)
    page = text_of(client.get("/"))
    assert "Mobile app" in page and "Offline mode" in page and "1 idea" in page
    assert ("Internal" in page) is SEES_PRIVATE[role]


@pytest.mark.parametrize("role", ROLES)
def test_private_board_and_its_ideas_per_role(client, as_role, private_board, pm, role):
    idea = factories.make_idea(private_board, pm, title="Secret roadmap item")
    as_role(role)
    expected = 200 if SEES_PRIVATE[role] else 404
    assert client.get("/b/internal").status_code == expected
    assert client.get(f"/ideas/{idea.id}").status_code == expected


def test_board_lists_visible_ideas_with_counts(client, board, customer):
    tag = factories.make_tag("Reports")
    shown = factories.make_idea(board, customer, title="Export to CSV", body="For **finance**")
    shown.tags = [tag]
    add_votes(shown, 3)
    factories.make_idea(board, customer, title="Withdrawn one", withdrawn_at=utcnow())
    factories.make_idea(board, customer, title="Merged one", merged_into_id=shown.id)
    page = text_of(client.get("/b/mobile"))
    assert "Export to CSV" in page and "For finance" in page and "Reports" in page
    assert "Withdrawn one" not in page and "Merged one" not in page
    assert 'data-testid="vote-count">3<' in page


def test_toolbar_links_are_real_hrefs_keeping_other_filters(client, board, customer):
    factories.make_tag("Reports")
    idea = factories.make_idea(board, customer, title="Export", status=IdeaStatus.PLANNED)
    idea.tags = [factories.make_tag("Exports")]
    db.session.commit()
    page = text_of(client.get("/b/mobile?status=planned&q=export"))
    assert 'href="/b/mobile?sort=trending&amp;status=planned&amp;q=export"' in page
    assert 'href="/b/mobile?sort=new&amp;status=planned&amp;q=export"' in page
    assert 'href="/b/mobile?status=planned&amp;tag=exports&amp;q=export"' in page
    assert "How is Trending computed?" not in page
    assert "How is Trending computed?" in text_of(client.get("/b/mobile?sort=trending"))


def test_board_filters_search_and_sorts(client, board, customer):
    tag = factories.make_tag("Reports")
    csv = factories.make_idea(board, customer, title="Export to CSV", status=IdeaStatus.PLANNED)
    csv.tags = [tag]
    add_votes(csv, 1, hours_ago=24 * 20)
    dark = factories.make_idea(board, customer, title="Dark mode")
    add_votes(dark, 2, hours_ago=200)
    slack = factories.make_idea(board, customer, title="Slack alerts", body="Export to a channel")
    add_votes(slack, 1, hours_ago=1)

    def listed(query):
        page = text_of(client.get(f"/b/mobile{query}"))
        return [title for title in ("Export to CSV", "Dark mode", "Slack alerts") if title in page], page

    assert listed("?status=planned")[0] == ["Export to CSV"]
    assert listed("?tag=reports")[0] == ["Export to CSV"]
    assert listed("?q=export")[0] == ["Export to CSV", "Slack alerts"]
    titles, page = listed("?q=nothing-like-this")
    assert titles == [] and "No ideas match" in page
    page = text_of(client.get("/b/mobile?sort=trending"))
    assert page.index("Slack alerts") < page.index("Dark mode") < page.index("Export to CSV")
    page = text_of(client.get("/b/mobile"))
    assert page.index("Dark mode") < page.index("Export to CSV")


def test_pagination(app, client, board, customer):
    app.config["IDEAS_PER_PAGE"] = 2
    for n in range(5):
        factories.make_idea(board, customer, title=f"Idea {n}", created_at=utcnow().replace(microsecond=n))
    first = text_of(client.get("/b/mobile?sort=new"))
    assert "Idea 4" in first and "Idea 2" not in first and 'href="/b/mobile?sort=new&amp;page=2"' in first
    third = text_of(client.get("/b/mobile?sort=new&page=3"))
    assert "Idea 0" in third and "Idea 1" not in third
    past_the_end = client.get("/b/mobile?page=9")  # a stale link: the list's last page, and why
    assert past_the_end.status_code == 302 and past_the_end.location == "/b/mobile?page=3"
    assert "There are only 3 pages; here is the last one." in text_of(client.get(past_the_end.location))


@pytest.mark.parametrize(
    "query, status, message",
    [
        ("?page=abc", 400, "page number"),
        ("?page=0", 400, "page number"),
        ("?sort=best", 400, "Unknown sort order"),
        ("?status=finished", 400, "Unknown status"),
        ("?tag=nope", 404, "no tag called"),
        ("?q=" + "x" * 201, 400, "at most 200"),
    ],
)
def test_bad_board_parameters_get_a_clear_message(client, board, query, status, message):
    response = client.get(f"/b/mobile{query}")
    assert response.status_code == status
    assert message in text_of(response)


def test_unknown_board_and_idea_are_404(client):
    assert client.get("/b/nope").status_code == 404
    assert client.get("/ideas/999").status_code == 404
    assert client.get("/ideas/abc").status_code == 404


def test_board_page_queries_do_not_grow_with_ideas(app, client, board, customer):
    """The board page issues a fixed number of statements: no query per idea."""
    login(client, customer)
    tags = [factories.make_tag(f"Tag {n}") for n in range(3)]

    def statements_for_board():
        statements = []
        listener = lambda conn, cursor, statement, *args: statements.append(statement)  # noqa: E731
        event.listen(db.engine, "before_cursor_execute", listener)
        try:
            assert client.get("/b/mobile").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", listener)
        return statements

    def add_ideas(count):
        for _ in range(count):
            idea = factories.make_idea(board, factories.make_user(), tags=tags[:2])
            add_votes(idea, 1, voters=[customer])

    add_ideas(2)
    few = statements_for_board()
    add_ideas(18)
    many = statements_for_board()
    assert len(many) == len(few) <= 13  # one of them reads the site's name and look
    # one lookup of which listed ideas the viewer backs, one count of their own ideas ("Yours")
    assert sum("FROM votes" in s for s in many) == 2


def test_idea_page_shows_counts_history_tags_and_reply(client, board, customer, pm):
    idea = factories.make_idea(board, customer, title="Export to CSV", body="Needed **monthly**")
    idea.tags = [factories.make_tag("Reports")]
    add_votes(idea, 4)
    factories.make_comment(idea, pm, body="Which columns do you need?")
    db.session.add(StatusChange(idea_id=idea.id, from_status=IdeaStatus.OPEN, to_status=IdeaStatus.PLANNED,
                                note="Coming in **June**.", changed_by_id=pm.id))
    idea.status = IdeaStatus.PLANNED
    db.session.commit()
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert "<strong>monthly</strong>" in page
    assert 'data-testid="stat-backers">4<' in page and 'data-testid="stat-votes">4<' in page
    assert "Which columns do you need?" in page and "Team" in page
    assert 'data-testid="official-reply"' in page and "<strong>June</strong>" in page
    assert "Status history" in page and "by Pat PM" in page
    assert "Reports" in page


class ScriptFinder(HTMLParser):
    """Collect everything in a page that could run script: inline scripts, on* handlers, javascript: URLs."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and not attributes.get("src"):
            self.found.append("inline <script>")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"{tag} {name}")
            if name in ("href", "src") and (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def test_markdown_cannot_run_scripts(client, board, customer):
    evil = "<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1)) ![y](javascript:alert(3))"
    idea = factories.make_idea(board, customer, title="<script>alert(2)</script>", body=evil)
    factories.make_comment(idea, customer, body=evil)
    for url in (f"/ideas/{idea.id}", "/b/mobile", "/"):
        finder = ScriptFinder()
        finder.feed(text_of(client.get(url)))
        assert finder.found == [], url


def test_merged_idea_redirects_to_its_primary(client, board, customer):
    primary = factories.make_idea(board, customer)
    middle = factories.make_idea(board, customer, merged_into_id=primary.id)
    merged = factories.make_idea(board, customer, merged_into_id=middle.id)
    response = client.get(f"/ideas/{merged.id}")
    assert response.status_code == 302
    assert response.headers["Location"] == f"/ideas/{primary.id}?merged_from={merged.id}"  # says why (test_merge_qa_link)


@pytest.mark.parametrize("role, expected", [("anonymous", 404), ("customer", 404), ("executive", 404), ("pm", 200), ("admin", 200)])
def test_withdrawn_ideas_are_gone_except_for_staff(client, as_role, board, customer, role, expected):
    idea = factories.make_idea(board, customer, withdrawn_at=utcnow())
    as_role(role)
    response = client.get(f"/ideas/{idea.id}")
    assert response.status_code == expected
    if expected == 200:
        assert "withdrawn" in text_of(response)


def test_the_author_cannot_see_their_withdrawn_idea_either(client, board, customer):
    idea = factories.make_idea(board, customer, withdrawn_at=utcnow())
    login(client, customer)
    assert client.get(f"/ideas/{idea.id}").status_code == 404


def test_staff_see_the_status_form_and_others_do_not(client, board, customer, pm):
    idea = factories.make_idea(board, customer)
    login(client, pm)
    assert 'data-testid="status-form"' in text_of(client.get(f"/ideas/{idea.id}"))


@pytest.mark.parametrize("role", ["anonymous", "customer", "executive"])
def test_non_staff_get_no_status_form(client, as_role, board, customer, role):
    idea = factories.make_idea(board, customer)
    as_role(role)
    assert 'data-testid="status-form"' not in text_of(client.get(f"/ideas/{idea.id}"))


# "Yours": the ideas a signed-in person voted for, posted or follows ------------------------

@pytest.fixture
def own_ideas(board, customer, other_customer):
    """Ideas of one board: Casey posted one, voted for one (through a merged duplicate) and follows one."""
    posted = factories.make_idea(board, customer, title="Casey's own idea")
    backed = factories.make_idea(board, other_customer, title="Backed through a duplicate")
    duplicate = factories.make_idea(board, other_customer, title="The duplicate", merged_into_id=backed.id)
    add_votes(duplicate, 1, voters=[customer])
    followed = factories.make_idea(board, other_customer, title="Followed one")
    db.session.add(Follow(idea_id=followed.id, user_id=customer.id))
    factories.make_idea(board, other_customer, title="Someone else's idea")
    db.session.commit()
    return {"posted": posted, "voted": backed, "following": followed}


def listed_titles(page):
    return set(re.findall(r'class="idea-row__title"[^>]*>([^<]+)<', page))


@pytest.mark.parametrize("mine", ["voted", "posted", "following"])
def test_yours_lists_only_the_person_s_own_ideas(client, own_ideas, customer, mine):
    login(client, customer)
    page = text_of(client.get(f"/b/mobile?mine={mine}"))
    assert listed_titles(page) == {own_ideas[mine].title.replace("'", "&#39;")}
    assert "Clear filters" in page and 'aria-current="true"' in page


def test_yours_shows_counts_and_keeps_other_filters(client, own_ideas, customer):
    login(client, customer)
    page = text_of(client.get("/b/mobile?status=planned"))
    panel = page.split('data-testid="mine-filters"')[1].split("</section>")[0]
    assert re.findall(r'class="count">(\d+)<', panel) == ["1", "1", "1"]
    assert 'href="/b/mobile?status=planned&amp;mine=voted"' in panel
    assert listed_titles(text_of(client.get("/b/mobile?mine=posted&status=planned"))) == set()


def test_yours_is_for_signed_in_people(client, own_ideas):
    page = text_of(client.get("/b/mobile"))
    assert 'data-testid="mine-filters"' not in page
    response = client.get("/b/mobile?mine=voted")
    assert response.status_code == 303
    assert response.headers["Location"] == "/auth/login?next=/b/mobile?mine%3Dvoted"


def test_an_unknown_yours_filter_is_refused(client, own_ideas, customer):
    login(client, customer)
    response = client.get("/b/mobile?mine=everything")
    assert response.status_code == 400 and "Unknown filter" in text_of(response)

"""The team's list of who backs an idea or a theme, on a page and as CSV."""
import csv
import io

import pytest

from ideabox.backing import queries
from ideabox.extensions import db
from ideabox.models import utcnow
from ideabox.merging.services import merge_ideas
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_merging import make_proxy_vote, make_vote
from tests.factories_roadmap import make_theme
from tests.test_ideas_actions import assert_sent_to_sign_in

TEAM = ("pm", "executive", "admin")


def text_of(response):
    return response.get_data(as_text=True)


def csv_rows(response) -> list[dict]:
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


@pytest.fixture
def people(app):
    acme = factories.make_customer_account("Acme Corp", segment="Enterprise", annual_revenue=1_200_000)
    return {
        "ana": factories.make_user(display_name="Ana Early", email="ana@acme.example.com", customer_account=acme),
        "ben": factories.make_user(display_name="Ben Middle", email="ben@example.com"),
        "cy": factories.make_user(display_name="Cy Late", email="cy@example.com"),
    }


@pytest.fixture
def family(board, pm, people):
    """An idea with a merged duplicate: Ana voted for both, Ben for the idea, Cy for the duplicate."""
    idea = factories.make_idea(board, people["ben"], title="Export to CSV")
    duplicate = factories.make_idea(board, people["cy"], title="CSV download please")
    make_vote(idea, people["ana"], days_ago=30)
    make_vote(duplicate, people["ana"], days_ago=20)
    make_vote(idea, people["ben"], days_ago=10)
    make_vote(duplicate, people["cy"], days_ago=1)
    make_proxy_vote(duplicate, factories.make_customer_account("Globex", segment="SMB"), pm, days_ago=5,
                    note="Asked on the renewal call")
    merge_ideas(idea, [duplicate], pm)
    db.session.commit()
    return idea, duplicate


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("kind", ["idea", "theme"])
def test_only_the_team_sees_who_backs(client, as_role, family, kind, role):
    idea, _ = family
    subject = f"/ideas/{idea.id}" if kind == "idea" else f"/themes/{make_theme('Exports', [idea]).id}"
    as_role(role)
    for url in (f"{subject}/backers", f"{subject}/backers.csv"):
        response = client.get(url)
        if role == "anonymous":
            assert_sent_to_sign_in(response, url)
        elif role == "customer":
            assert response.status_code == 403 and "ana@acme.example.com" not in text_of(response)
        else:
            assert response.status_code == 200 and "ana@acme.example.com" in text_of(response)


def test_each_person_is_listed_once_newest_first_with_every_idea_they_voted_for(client, family, pm):
    idea, duplicate = family
    login(client, pm)
    page = text_of(client.get(f"/ideas/{idea.id}/backers"))
    assert "3 people voted" in page and "demand recorded for 1 customer account" in page
    assert page.count('data-testid="backer"') == 3
    assert page.index("Cy Late") < page.index("Ben Middle") < page.index("Ana Early")
    ana_row = page[page.index("Ana Early"):].split("</tr>")[0]
    assert "Export to CSV" in ana_row and "CSV download please" in ana_row and "merged" in ana_row
    assert "Acme Corp" in ana_row and "(Enterprise)" in ana_row
    assert "Globex" in page and "Asked on the renewal call" in page and "Pat PM" in page


def test_the_csv_holds_people_then_accounts(client, family, executive):
    idea, _ = family
    login(client, executive)
    response = client.get(f"/ideas/{idea.id}/backers.csv")
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == f'attachment; filename="backers-idea-{idea.id}.csv"'
    assert response.get_data().startswith("\ufeff".encode())  # so Excel reads accents as UTF-8
    rows = csv_rows(response)
    assert [(r["kind"], r["email"] or r["customer_account"]) for r in rows] == [
        ("person", "cy@example.com"), ("person", "ben@example.com"), ("person", "ana@acme.example.com"),
        ("account", "Globex"),
    ]
    ana = rows[2]
    assert (ana["name"], ana["customer_account"], ana["segment"], ana["annual_revenue"]) == (
        "Ana Early", "Acme Corp", "Enterprise", "1200000")
    assert ana["ideas"] == "Export to CSV; CSV download please" and ana["backed_at"].startswith("20")
    assert (rows[3]["recorded_by"], rows[3]["note"], rows[3]["ideas"]) == (
        "Pat PM", "Asked on the renewal call", "CSV download please")


def test_cells_that_a_spreadsheet_would_run_as_formulas_are_defused(client, board, pm):
    idea = factories.make_idea(board, pm, title="=1+1 export")
    make_vote(idea, factories.make_user(display_name="=HYPERLINK(\"http://evil\")", email="eve@example.com"))
    make_proxy_vote(idea, factories.make_customer_account("@SUM(A1)"), pm, note="+cmd|' /C calc'!A0")
    login(client, pm)
    rows = csv_rows(client.get(f"/ideas/{idea.id}/backers.csv"))
    assert rows[0]["name"] == "'=HYPERLINK(\"http://evil\")" and rows[0]["ideas"] == "'=1+1 export"
    assert rows[1]["customer_account"] == "'@SUM(A1)" and rows[1]["note"] == "'+cmd|' /C calc'!A0"


def test_a_merged_duplicate_sends_the_team_to_its_primary(client, family, pm):
    idea, duplicate = family
    login(client, pm)
    response = client.get(f"/ideas/{duplicate.id}/backers?page=1")
    assert response.status_code == 302 and response.headers["Location"] == f"/ideas/{idea.id}/backers?page=1"
    rows = csv_rows(client.get(f"/ideas/{duplicate.id}/backers.csv"))
    assert len(rows) == 4  # the primary's backers, the duplicate's included


def test_ideas_out_of_sight_are_not_found(client, private_board, pm, executive, customer):
    secret = factories.make_idea(private_board, pm, title="Secret project")
    make_vote(secret, customer)
    login(client, executive)
    assert client.get(f"/ideas/{secret.id}/backers").status_code == 200  # the team sees private boards
    assert client.get("/ideas/999999/backers").status_code == 404
    assert client.get("/themes/999999/backers.csv").status_code == 404


def test_a_theme_lists_a_person_who_backs_two_of_its_ideas_once(client, board, pm, people):
    first = factories.make_idea(board, pm, title="Dark mode")
    second = factories.make_idea(board, pm, title="Night theme")
    make_vote(first, people["ana"], days_ago=3)
    make_vote(second, people["ana"], days_ago=2)
    make_vote(second, people["ben"], days_ago=1)
    theme = make_theme("Dark mode", [first, second])
    login(client, pm)
    page = text_of(client.get(f"/themes/{theme.id}/backers"))
    assert "2 people voted" in page and page.count('data-testid="backer"') == 2
    rows = csv_rows(client.get(f"/themes/{theme.id}/backers.csv"))
    assert [(r["name"], r["ideas"]) for r in rows] == [("Ben Middle", "Night theme"), ("Ana Early", "Dark mode; Night theme")]


def test_long_lists_are_paged_and_the_export_reads_them_in_chunks(client, board, pm, monkeypatch):
    idea = factories.make_idea(board, pm, title="Popular")
    voters = [factories.make_user(display_name=f"Voter {n:02d}", email=f"v{n}@example.com") for n in range(55)]
    for n, voter in enumerate(voters):
        make_vote(idea, voter, days_ago=100 - n)  # the last made is the newest
    login(client, pm)
    first = text_of(client.get(f"/ideas/{idea.id}/backers"))
    assert first.count('data-testid="backer"') == queries.PER_PAGE == 50 and "Voter 54" in first
    assert f'href="/ideas/{idea.id}/backers?page=2"' in first
    second = text_of(client.get(f"/ideas/{idea.id}/backers?page=2"))
    assert second.count('data-testid="backer"') == 5 and "Voter 00" in second and "Voter 54" not in second
    assert client.get(f"/ideas/{idea.id}/backers?page=9").location == f"/ideas/{idea.id}/backers?page=2"
    monkeypatch.setattr(queries, "EXPORT_CHUNK", 7)
    names = [row["name"] for row in csv_rows(client.get(f"/ideas/{idea.id}/backers.csv"))]
    assert names == [f"Voter {n:02d}" for n in range(54, -1, -1)]


@pytest.mark.parametrize("role", ROLES)
def test_the_idea_and_theme_pages_link_the_team_to_the_list(client, as_role, family, role):
    idea, _ = family
    theme = make_theme("Exports", [idea])
    as_role(role)
    for url in (f"/ideas/{idea.id}", f"/themes/{theme.id}"):
        response = client.get(url)
        if response.status_code == 200:
            assert ('data-testid="see-backers"' in text_of(response)) == (role in TEAM)
        else:
            assert role not in TEAM


def test_no_link_where_nobody_backs_the_idea_yet(client, board, pm):
    idea = factories.make_idea(board, pm, title="Fresh")
    login(client, pm)
    assert 'data-testid="see-backers"' not in text_of(client.get(f"/ideas/{idea.id}"))
    page = text_of(client.get(f"/ideas/{idea.id}/backers"))
    assert "Nobody has voted yet." in page and "No demand recorded" in page


def test_a_withdrawn_idea_s_backers_are_for_staff_as_its_page_is(client, board, customer, pm, executive):
    withdrawn = factories.make_idea(board, customer, title="Taken back", withdrawn_at=utcnow())
    make_vote(withdrawn, customer)
    for person, status in ((executive, 404), (pm, 200)):
        login(client, person)
        assert client.get(f"/ideas/{withdrawn.id}").status_code == status
        assert client.get(f"/ideas/{withdrawn.id}/backers").status_code == status

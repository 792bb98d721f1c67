"""The public roadmap: columns, cards, privacy, ordering, and staff pinning / reordering."""
import re
from datetime import timedelta

import pytest

from ideabox.extensions import db
from ideabox.ideas.services import change_status
from ideabox.models import IdeaStatus, utcnow
from ideabox.themes.services import set_theme_status
from tests.conftest import ROLES
from tests.factories import make_board, make_idea, make_user
from tests.factories_roadmap import back, make_theme, ship

PRIVILEGED = {"pm", "admin"}


def card_titles(html: str, status: str) -> list[str]:
    """Titles of the cards in one column, in order."""
    column = html.split(f'id="column-{status}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'class="roadmap-card__title rm-card__title" href="[^"]*">([^<]*)<', column)


@pytest.fixture
def roadmap(board, private_board, customer):
    """Planned, in-progress and shipped themes and ideas across a public and a private board."""
    billing = make_board(name="Billing", slug="billing")
    sso_a = make_idea(board, customer, title="Okta login")
    sso_b = make_idea(billing, customer, title="Google Workspace login")
    sso_hidden = make_idea(private_board, customer, title="Internal SAML plan")
    sso = make_theme("Single sign-on", [sso_a, sso_b, sso_hidden], IdeaStatus.PLANNED)
    shared = make_user()
    back(sso_a, users=[shared, make_user(), make_user()])
    back(sso_b, users=[shared])  # the same person backing two ideas counts once
    back(sso_hidden, 5)
    secret_theme = make_theme("Secret acquisition", [make_idea(private_board, customer, title="Merge with Acme")],
                              IdeaStatus.IN_PROGRESS)
    exports = make_idea(board, customer, title="CSV exports", status=IdeaStatus.PLANNED)
    back(exports, 1)
    private_idea = make_idea(private_board, customer, title="Rewrite billing engine", status=IdeaStatus.PLANNED)
    offline = make_idea(board, customer, title="Offline mode", status=IdeaStatus.IN_PROGRESS)
    recent = ship(make_idea(board, customer, title="Dark mode"), days_ago=3)
    old = ship(make_idea(board, customer, title="Ancient feature"), days_ago=200)
    make_idea(board, customer, title="Still open idea")
    return locals()


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_the_public_roadmap_never_shows_private_boards(client, as_role, roadmap, role):
    as_role(role)
    response = client.get("/roadmap")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert card_titles(html, "planned") == ["Single sign-on", "CSV exports"]
    assert card_titles(html, "in_progress") == ["Offline mode"]
    assert card_titles(html, "shipped") == ["Dark mode"]
    for secret in ("Internal", "Internal SAML plan", "Secret acquisition", "Rewrite billing engine", "Merge with Acme"):
        assert secret not in html
    sso_card = html.split('id="theme-', 1)[1].split("</article>", 1)[0]
    assert 'data-testid="backers">3<' in sso_card  # shared + 2 on Okta; private votes excluded
    assert "Billing" in sso_card and "Mobile app" in sso_card


@pytest.mark.parametrize("role", ["pm", "executive", "admin"])
def test_insiders_see_private_items_marked_private(client, as_role, roadmap, role):
    as_role(role)
    html = client.get("/roadmap").get_data(as_text=True)
    assert card_titles(html, "planned")[0] == "Single sign-on"
    assert set(card_titles(html, "planned")) == {"Single sign-on", "CSV exports", "Rewrite billing engine"}
    assert card_titles(html, "in_progress") == ["Offline mode", "Secret acquisition"]
    sso_card = html.split('id="theme-', 1)[1].split("</article>", 1)[0]
    assert 'data-testid="backers">8<' in sso_card
    assert 'rm-board--private"' in sso_card and "Internal" in sso_card


def test_each_theme_is_one_card_and_merged_or_themed_ideas_are_not_cards(client, roadmap, board, customer):
    duplicate = make_idea(board, customer, title="Dup of exports", status=IdeaStatus.PLANNED,
                          merged_into_id=roadmap["exports"].id)
    html = client.get("/roadmap").get_data(as_text=True)
    assert duplicate.title not in html
    assert "Okta login" not in card_titles(html, "planned")
    assert html.count('id="theme-') == 1


def test_cards_are_ordered_pinned_then_position_then_backers(client, board, customer):
    ideas = {title: make_idea(board, customer, title=title, status=IdeaStatus.PLANNED) for title in "ABCD"}
    back(ideas["B"], 3)
    back(ideas["C"], 2)
    assert card_titles(client.get("/roadmap").get_data(as_text=True), "planned") == ["B", "C", "A", "D"]
    ideas["D"].roadmap_pinned = True
    ideas["A"].roadmap_position = 0
    db.session.commit()
    assert card_titles(client.get("/roadmap").get_data(as_text=True), "planned") == ["D", "A", "B", "C"]


def test_shipped_column_keeps_only_recent_items(client, roadmap):
    html = client.get("/roadmap").get_data(as_text=True)
    assert "Dark mode" in html and "Ancient feature" not in html


@pytest.fixture
def requests_(board, private_board, customer):
    big, small = make_idea(board, customer, title="Big ask"), make_idea(board, customer, title="Small ask")
    hidden = make_idea(private_board, customer, title="Hidden ask")
    make_theme("Reporting", [big], IdeaStatus.OPEN)
    make_theme("Mobile push", [small], IdeaStatus.UNDER_REVIEW)
    make_theme("Private only", [hidden], IdeaStatus.OPEN)
    make_theme("No backers yet", [make_idea(board, customer)], IdeaStatus.OPEN)
    planned = make_idea(board, customer, title="Already planned")
    make_theme("Planned one", [planned], IdeaStatus.PLANNED)
    back(planned, 9)
    back(big, 4)
    back(small, 2)
    back(hidden, 7)


def requested_titles(html: str) -> list[str]:
    ranked = html.split('data-testid="most-requested"', 1)[1]
    return re.findall(r'class="rm-rank__title" href="[^"]*">([^<]*)<', ranked)


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_most_requested_ranks_open_public_themes_by_backers(client, as_role, requests_, role):
    as_role(role)
    html = client.get("/roadmap").get_data(as_text=True)
    assert requested_titles(html) == ["Reporting", "Mobile push"]
    assert "weighted-score" not in html
    assert 'data-testid="rank-explainer"' in html


@pytest.mark.parametrize("role", ["pm", "executive", "admin"])
def test_insiders_see_the_weighted_score_beside_backers(client, as_role, requests_, role):
    as_role(role)
    html = client.get("/roadmap").get_data(as_text=True)
    assert requested_titles(html) == ["Private only", "Reporting", "Mobile push"]
    assert html.count('data-testid="weighted-score"') == 3


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_theme_pages_hide_private_ideas_and_private_only_themes(client, as_role, roadmap, role):
    as_role(role)
    page = client.get(f"/roadmap/themes/{roadmap['sso'].id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Okta login" in html and "Internal SAML plan" not in html
    assert 'data-testid="theme-backers">3<' in html
    assert client.get(f"/roadmap/themes/{roadmap['secret_theme'].id}").status_code == 404
    assert client.get("/roadmap/themes/99999").status_code == 404


def test_staff_see_every_idea_of_a_theme(client, as_role, roadmap):
    as_role("pm")
    html = client.get(f"/roadmap/themes/{roadmap['sso'].id}").get_data(as_text=True)
    assert "Internal SAML plan" in html and 'data-testid="theme-backers">8<' in html


@pytest.mark.parametrize("role", ROLES)
def test_pin_is_for_pms_and_admins_only(client, as_role, board, customer, role):
    idea = make_idea(board, customer, title="Pin me", status=IdeaStatus.PLANNED)
    as_role(role)
    response = client.post_form(f"/roadmap/idea/{idea.id}/pin", {"pinned": "1"})
    db.session.expire_all()
    if role in PRIVILEGED:
        assert response.status_code == 303 and idea.roadmap_pinned is True
        assert response.headers["Location"].endswith("/roadmap#column-planned")
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert idea.roadmap_pinned is False


@pytest.mark.parametrize("role", ROLES)
def test_move_is_for_pms_and_admins_only(client, as_role, board, customer, role):
    first = make_idea(board, customer, title="First", status=IdeaStatus.PLANNED)
    second = make_idea(board, customer, title="Second", status=IdeaStatus.PLANNED)
    back(first, 2)
    as_role(role)
    response = client.post_form(f"/roadmap/idea/{second.id}/move", {"direction": "up"})
    titles = card_titles(client.get("/roadmap").get_data(as_text=True), "planned")
    if role in PRIVILEGED:
        assert response.status_code == 303 and titles == ["Second", "First"]
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert titles == ["First", "Second"]


def test_moving_with_htmx_returns_the_column(client, as_role, board, customer):
    ideas = [make_idea(board, customer, title=t, status=IdeaStatus.IN_PROGRESS) for t in ("Alpha", "Bravo", "Charlie")]
    as_role("pm")
    response = client.htmx_post(f"/roadmap/idea/{ideas[0].id}/move", {"direction": "down"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html and "HX-Request" in response.headers["Vary"]
    assert card_titles(html, "in_progress") == ["Bravo", "Alpha", "Charlie"]


def test_pinned_cards_move_among_pinned_ones_only(client, as_role, board, customer):
    make_idea(board, customer, title="Pinned", status=IdeaStatus.PLANNED, roadmap_pinned=True)
    other = make_idea(board, customer, title="Other", status=IdeaStatus.PLANNED)
    as_role("pm")
    response = client.post_form(f"/roadmap/idea/{other.id}/move", {"direction": "up"}, follow_redirects=True)
    assert "can&#39;t move further" in response.get_data(as_text=True)
    assert card_titles(response.get_data(as_text=True), "planned") == ["Pinned", "Other"]


def test_themes_can_be_pinned_and_moved(client, as_role, board, customer):
    first = make_theme("Theme one", [make_idea(board, customer)], IdeaStatus.SHIPPED, shipped_at=None)
    ship_idea = ship(make_idea(board, customer, title="Shipped idea"), days_ago=1)
    as_role("admin")
    assert client.post_form(f"/roadmap/theme/{first.id}/move", {"direction": "down"}).status_code == 303
    assert card_titles(client.get("/roadmap").get_data(as_text=True), "shipped") == [ship_idea.title, "Theme one"]
    client.post_form(f"/roadmap/theme/{first.id}/pin", {"pinned": "1"})
    assert card_titles(client.get("/roadmap").get_data(as_text=True), "shipped") == ["Theme one", ship_idea.title]


def test_bad_roadmap_actions_change_nothing(client, as_role, board, customer):
    open_idea = make_idea(board, customer, title="Not on roadmap")
    planned = make_idea(board, customer, title="Planned", status=IdeaStatus.PLANNED)
    as_role("pm")
    assert client.post_form("/roadmap/idea/99999/pin", {"pinned": "1"}).status_code == 404
    assert client.post_form(f"/roadmap/widget/{planned.id}/pin", {"pinned": "1"}).status_code == 404
    response = client.post_form(f"/roadmap/idea/{open_idea.id}/pin", {"pinned": "1"}, follow_redirects=True)
    assert "Only planned, in-progress and shipped items" in response.get_data(as_text=True)
    response = client.post_form(f"/roadmap/idea/{planned.id}/move", {"direction": "sideways"}, follow_redirects=True)
    assert "Move a card up or down." in response.get_data(as_text=True)
    db.session.expire_all()
    assert open_idea.roadmap_pinned is False and planned.roadmap_position is None


def test_pin_and_move_without_csrf_are_refused(client, as_role, board, customer):
    idea = make_idea(board, customer, status=IdeaStatus.PLANNED)
    as_role("pm")
    assert client.post(f"/roadmap/idea/{idea.id}/pin", data={"pinned": "1"}).status_code == 400
    assert client.post(f"/roadmap/idea/{idea.id}/move", data={"direction": "up"}).status_code == 400
    db.session.expire_all()
    assert idea.roadmap_pinned is False


def count_queries(fetch) -> int:
    """How many SQL statements `fetch()` runs."""
    from sqlalchemy import event

    statements = []

    def listener(*args):
        statements.append(args[2])

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        fetch()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return len(statements)


def seed_cards(board, customer, n):
    for i in range(n):
        theme_idea = make_idea(board, customer, title=f"Theme idea {n}-{i}")
        make_theme(f"Theme {n}-{i}", [theme_idea], [IdeaStatus.PLANNED, IdeaStatus.OPEN][i % 2])
        back(theme_idea, 1)
        ship(make_idea(board, customer, title=f"Shipped {n}-{i}"), days_ago=i)
        make_idea(board, customer, title=f"Planned {n}-{i}", status=IdeaStatus.IN_PROGRESS)


@pytest.mark.parametrize("role", ["anonymous", "pm"])
def test_roadmap_query_count_does_not_grow_with_cards(client, as_role, board, customer, role):
    as_role(role)
    seed_cards(board, customer, 2)
    few = count_queries(lambda: client.get("/roadmap"))
    seed_cards(board, customer, 8)
    many = count_queries(lambda: client.get("/roadmap"))
    assert many == few


@pytest.mark.parametrize("role", ["anonymous", "customer", "pm"])
def test_the_roadmap_can_show_one_board(client, as_role, roadmap, role):
    as_role(role)
    html = client.get("/roadmap?board=billing").get_data(as_text=True)
    assert card_titles(html, "planned") == ["Single sign-on"]  # has an idea on Billing
    assert card_titles(html, "in_progress") == [] and card_titles(html, "shipped") == []
    assert 'data-testid="move-up"' not in html  # reordering needs the whole column
    assert client.get("/roadmap?board=nope").status_code == 404
    private = client.get("/roadmap?board=internal")
    assert private.status_code == (200 if role == "pm" else 404)


def test_an_update_posted_on_something_shipped_long_ago_does_not_bring_it_back(client, app, roadmap, board,
                                                                                customer, pm):
    theme = make_theme("Old exports", [make_idea(board, customer, title="XML export")], IdeaStatus.SHIPPED)
    theme.shipped_at = utcnow() - timedelta(days=200)
    db.session.commit()
    with app.test_request_context():
        change_status(roadmap["old"], IdeaStatus.SHIPPED, pm, note="Now also on Android.")
        set_theme_status(theme, IdeaStatus.SHIPPED, pm, note="Now in every plan.")
        db.session.commit()
    assert card_titles(client.get("/roadmap").get_data(as_text=True), "shipped") == ["Dark mode"]


@pytest.mark.parametrize("role", ["anonymous", "customer", "pm"])
def test_a_themes_page_shows_the_teams_latest_note_from_what_the_viewer_may_see(client, app, as_role, roadmap, pm,
                                                                                 role):
    sso = roadmap["sso"]
    with app.test_request_context():
        set_theme_status(sso, IdeaStatus.IN_PROGRESS, pm, note="Okta first, **Google** in March.")
        change_status(roadmap["sso_hidden"], IdeaStatus.IN_PROGRESS, pm, note="Internal: the SAML vendor is late.")
        db.session.commit()
    as_role(role)
    html = client.get(f"/roadmap/themes/{sso.id}").get_data(as_text=True)
    update = html.split('data-testid="theme-update"', 1)[1].split("</aside>", 1)[0]
    if role == "pm":  # the newest note, on the private board's idea the team sees
        assert "the SAML vendor is late" in update
    else:
        assert "Okta first, <strong>Google</strong> in March." in update and "In progress" in update
        assert "SAML vendor" not in html
    assert pm.display_name in update


def test_a_theme_without_a_note_shows_no_update(client, roadmap):
    assert 'data-testid="theme-update"' not in client.get(f"/roadmap/themes/{roadmap['sso'].id}").get_data(as_text=True)

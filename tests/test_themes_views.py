"""Theme pages over HTTP: visibility, who sees the weighted score, staff actions, bad input, CSRF."""
import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import AuditEvent, Idea, IdeaStatus, StatusChange, Theme
from ideabox.merging.services import merge_ideas
from ideabox.themes.services import add_to_theme, create_theme
from ideabox.themes.views import bp as themes_bp
from tests.conftest import ROLES, login
from tests.factories import make_idea
from tests.factories_merging import count_queries, make_vote


@pytest.fixture(autouse=True)
def theme_routes(app):
    """Mount the blueprint when the factory doesn't yet (the lead wires it in create_app)."""
    if "themes" not in app.blueprints:
        app.register_blueprint(themes_bp, url_prefix="/themes")


@pytest.fixture
def theme(app, board, customer, pm, other_customer):
    with app.test_request_context():
        ideas = [make_idea(board, customer, title=title) for title in ("CSV export", "PDF export", "Excel export")]
        make_vote(ideas[1], other_customer)
        make_vote(ideas[1], customer)
        theme = create_theme("Exports", ideas, pm)
    db.session.commit()
    return theme


def ideas_of(theme):
    return db.session.scalars(select(Idea).where(Idea.theme_id == theme.id).order_by(Idea.id)).all()


@pytest.mark.parametrize("role", ROLES)
def test_theme_page_shows_backers_to_all_and_score_to_insiders(client, as_role, theme, role):
    as_role(role)
    response = client.get(f"/themes/{theme.id}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Exports" in html and 'data-testid="theme-backers"' in html and "Mobile app" in html
    assert html.index("PDF export") < html.index("CSV export")  # most backed first
    insider = role in ("pm", "executive", "admin")
    assert ('data-testid="theme-score"' in html) == insider
    assert ("How is this ranked?" in html) == insider
    assert ('data-testid="theme-status-form"' in html) == (role in ("pm", "admin"))


@pytest.mark.parametrize("role", ROLES)
def test_private_themes_are_hidden_from_people_who_cant_see_the_board(client, as_role, app, private_board, pm, role):
    with app.test_request_context():
        secret = create_theme("Secret", [make_idea(private_board, pm, title="Internal tooling")], pm)
    db.session.commit()
    as_role(role)
    expected = 200 if role in ("pm", "executive", "admin") else 404
    assert client.get(f"/themes/{secret.id}").status_code == expected
    assert ("Secret" in client.get("/themes/").get_data(as_text=True)) == (expected == 200)


def test_unknown_theme_is_404(client):
    assert client.get("/themes/4242").status_code == 404


STAFF_ACTIONS = {"anonymous": 302, "customer": 403, "executive": 403, "pm": 303, "admin": 303}


@pytest.mark.parametrize("role", ROLES)
def test_rename_role_matrix(client, as_role, theme, role):
    as_role(role)
    response = client.post_form(f"/themes/{theme.id}/rename", {"title": "Data export"})
    assert response.status_code == STAFF_ACTIONS[role]
    db.session.refresh(theme)
    assert (theme.title == "Data export") == (role in ("pm", "admin"))


@pytest.mark.parametrize("role", ROLES)
def test_status_role_matrix(client, as_role, theme, role):
    as_role(role)
    response = client.post_form(f"/themes/{theme.id}/status", {"status": "planned", "note": "Next quarter"})
    assert response.status_code == STAFF_ACTIONS[role]
    changed = role in ("pm", "admin")
    db.session.refresh(theme)
    assert (theme.status == IdeaStatus.PLANNED) == changed
    assert db.session.scalar(select(func.count(StatusChange.id))) == (3 if changed else 0)


@pytest.mark.parametrize("role", ROLES)
def test_split_remove_and_add_role_matrix(client, as_role, theme, board, customer, role):
    csv, pdf, excel = ideas_of(theme)
    extra = make_idea(board, customer, title="JSON export")
    as_role(role)
    split = client.post_form(f"/themes/{theme.id}/split", {"ideas": [str(excel.id)], "new_title": "Spreadsheets"})
    remove = client.post_form(f"/themes/{theme.id}/remove", {"ideas": [str(pdf.id)]})
    add = client.post_form(f"/themes/{theme.id}/ideas", {"add-idea": f"#{extra.id}"})
    assert {split.status_code, remove.status_code, add.status_code} == {STAFF_ACTIONS[role]}
    db.session.expire_all()
    allowed = role in ("pm", "admin")
    assert [idea.title for idea in ideas_of(theme)] == (["CSV export", "JSON export"] if allowed else
                                                        ["CSV export", "PDF export", "Excel export"])
    assert (db.session.scalar(select(func.count(Theme.id))) == 2) == allowed


def test_split_is_audited_and_the_new_theme_shows_up(client, pm, theme):
    _, _, excel = ideas_of(theme)
    login(client, pm)
    response = client.post_form(f"/themes/{theme.id}/split", {"ideas": [str(excel.id)], "new_title": "Spreadsheets"},
                                follow_redirects=True)
    assert "Split into a new theme" in response.get_data(as_text=True)
    new = db.session.scalar(select(Theme).where(Theme.title == "Spreadsheets"))
    assert "Excel export" in client.get(f"/themes/{new.id}").get_data(as_text=True)
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "split_theme"))


@pytest.mark.parametrize("url, data, message", [
    ("rename", {"title": ""}, "This field is required"),
    ("rename", {"title": "x" * 141}, "140"),
    ("status", {"status": "bogus"}, "Not a valid choice"),
    ("status", {"status": "open"}, "already in that status"),
    ("split", {"new_title": "New"}, "Tick at least one idea"),
    ("split", {"ideas": ["abc"], "new_title": "New"}, "Tick at least one idea"),
    ("split", {"ideas": ["99999"], "new_title": "New"}, "not a valid choice"),
    ("split", {"ideas": ["{first}"], "new_title": ""}, "Give the theme a title"),
    ("ideas", {"add-idea": "#99999"}, "There is no idea #99999"),
    ("ideas", {"add-idea": "nonsense"}, "Enter an idea number"),
    ("ideas", {"add-idea": "{first}"}, "already in this theme"),
])
def test_bad_input_is_explained_and_changes_nothing(client, pm, theme, url, data, message):
    first = ideas_of(theme)[0].id
    data = {k: [x.format(first=first) for x in v] if isinstance(v, list) else v.format(first=first)
            for k, v in data.items()}
    login(client, pm)
    response = client.post_form(f"/themes/{theme.id}/{url}", data)
    assert response.status_code == 422
    assert message.lower() in response.get_data(as_text=True).lower()
    db.session.refresh(theme)
    assert (theme.title, theme.status) == ("Exports", IdeaStatus.OPEN)
    assert len(ideas_of(theme)) == 3 and db.session.scalar(select(func.count(Theme.id))) == 1


@pytest.mark.parametrize("url", ["rename", "status", "split", "remove", "ideas"])
def test_missing_csrf_is_refused(client, pm, theme, url):
    login(client, pm)
    response = client.post(f"/themes/{theme.id}/{url}", data={"title": "Hacked", "status": "declined"})
    assert response.status_code == 400
    db.session.refresh(theme)
    assert (theme.title, theme.status) == ("Exports", IdeaStatus.OPEN)


@pytest.mark.parametrize("role", ROLES)
def test_index_ranks_themes_and_shows_scores_to_insiders(client, as_role, app, board, customer, pm, theme, role):
    with app.test_request_context():
        create_theme("Quiet theme", [make_idea(board, customer, title="Rare wish")], pm)
    db.session.commit()
    as_role(role)
    html = client.get("/themes/").get_data(as_text=True)
    assert html.index("Exports") < html.index("Quiet theme")
    assert ('<th class="num">Score</th>' in html) == (role in ("pm", "executive", "admin"))


def test_theme_page_queries_do_not_grow_with_its_ideas(client, app, board, private_board, customer, pm, theme):
    login(client, pm)
    url = f"/themes/{theme.id}"
    client.get(url)
    few = count_queries(lambda: client.get(url))
    with app.test_request_context():
        extra = [make_idea(board if n % 2 else private_board, customer, title=f"More {n}") for n in range(6)]
        add_to_theme(theme, extra, pm)
        merge_ideas(extra[1], [make_idea(board, customer)], pm)
    db.session.commit()
    many = count_queries(lambda: client.get(url))
    assert many == few


def test_shipping_with_a_release_note_shows_the_release_on_the_theme_page(client, pm, theme):
    login(client, pm)
    client.post_form(f"/themes/{theme.id}/status", {"status": "shipped", "note": "Out now",
                                                     "release_note": "CSV, PDF and Excel exports are live."})
    html = client.get(f"/themes/{theme.id}").get_data(as_text=True)
    assert 'data-testid="theme-release"' in html and "CSV, PDF and Excel exports are live." in html
    assert all(idea.status == IdeaStatus.SHIPPED for idea in ideas_of(theme))

"""Merging routes over HTTP: every role, CSRF, bad input, the idea-page panel and the audit log."""
import flask_login
import pytest
from flask import render_template
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.merging.views import bp as merging_bp
from ideabox.models import AuditEvent, CustomerAccount, Idea, IdeaStatus, Merge, ProxyVote, Theme
from tests.conftest import ROLES, login
from tests.factories import make_comment, make_customer_account, make_idea
from tests.factories_merging import count_queries, make_proxy_vote, make_vote


@pytest.fixture(autouse=True)
def merging_routes(app):
    """Mount the blueprint when the factory doesn't yet (the lead wires it in create_app)."""
    if "merging" not in app.blueprints:
        app.register_blueprint(merging_bp, url_prefix="/merging")


@pytest.fixture(autouse=True)
def request_context(app):
    """Services (and their subscribers) translate messages; Babel's locale selector reads the request."""
    with app.test_request_context():
        yield


@pytest.fixture
def pair(board, customer):
    return make_idea(board, customer, title="Dark mode"), make_idea(board, customer, title="Night theme")


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


ALLOWED = {"anonymous": 302, "customer": 403, "executive": 403, "pm": 303, "admin": 303}


@pytest.mark.parametrize("role", ROLES)
def test_merge_route_role_matrix(client, as_role, pair, role):
    a, b = pair
    as_role(role)
    response = client.post_form(f"/merging/ideas/{a.id}/merge", {"merge-idea": str(b.id)})
    assert response.status_code == ALLOWED[role]
    db.session.expire_all()
    assert (db.session.get(Idea, b.id).merged_into_id == a.id) == (role in ("pm", "admin"))
    if role == "anonymous":
        assert "/auth/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_undo_route_role_matrix(client, as_role, pair, pm, role):
    a, b = pair
    [merge] = merge_ideas(a, [b], pm)
    db.session.commit()
    as_role(role)
    response = client.post_form(f"/merging/merges/{merge.id}/undo")
    assert response.status_code == ALLOWED[role]
    db.session.expire_all()
    assert (db.session.get(Idea, b.id).merged_into_id is None) == (role in ("pm", "admin"))


@pytest.mark.parametrize("role", ROLES)
def test_record_and_remove_demand_role_matrix(client, as_role, pair, pm, role):
    a, _ = pair
    as_role(role)
    response = client.post_form(f"/merging/ideas/{a.id}/proxy-votes", {"proxy-account": "Acme Corp"})
    assert response.status_code == ALLOWED[role]
    assert count(ProxyVote) == (1 if role in ("pm", "admin") else 0)
    vote = make_proxy_vote(a, make_customer_account("Globex"), pm)
    response = client.post_form(f"/merging/proxy-votes/{vote.id}/delete")
    assert response.status_code == ALLOWED[role]
    assert (db.session.get(ProxyVote, vote.id) is None) == (role in ("pm", "admin"))


@pytest.mark.parametrize("role", ROLES)
def test_audit_and_candidates_role_matrix(client, as_role, pair, role):
    a, _ = pair
    as_role(role)
    expected = {"anonymous": 302, "customer": 403, "executive": 403, "pm": 200, "admin": 200}[role]
    assert client.get("/merging/audit").status_code == expected
    assert client.get(f"/merging/ideas/{a.id}/merge-candidates?merge-idea=night").status_code == expected


@pytest.mark.parametrize("url", ["/merging/ideas/{a}/merge", "/merging/ideas/{a}/proxy-votes", "/merging/merges/{m}/undo",
                                 "/merging/proxy-votes/{v}/delete"])
def test_missing_csrf_is_refused(client, pm, pair, url):
    a, b = pair
    [merge] = merge_ideas(a, [b], pm)
    vote = make_proxy_vote(a, make_customer_account("Globex"), pm)
    db.session.commit()
    login(client, pm)
    response = client.post(url.format(a=a.id, m=merge.id, v=vote.id),
                           data={"merge-idea": str(b.id), "proxy-account": "Acme"})
    assert response.status_code == 400
    assert db.session.get(Merge, merge.id).undone_at is None
    assert count(ProxyVote) == 1


def test_merge_by_pasted_link_records_audit(client, pm, pair):
    a, b = pair
    login(client, pm)
    response = client.post_form(f"/merging/ideas/{a.id}/merge", {"merge-idea": f"http://localhost/ideas/{b.id}"})
    assert response.status_code == 303 and response.headers["Location"].endswith(f"/ideas/{a.id}")
    assert db.session.scalar(select(AuditEvent.action)) == "merge"


@pytest.mark.parametrize("value, message", [
    ("", "This field is required"),
    ("dark mode", "Enter an idea number"),
    ("#999999", "There is no idea #999999"),
    ("self", "merged into itself"),
])
def test_bad_merge_input_shows_a_message_and_changes_nothing(client, pm, pair, value, message):
    a, _ = pair
    login(client, pm)
    value = str(a.id) if value == "self" else value
    response = client.post_form(f"/merging/ideas/{a.id}/merge", {"merge-idea": value}, follow_redirects=True)
    assert message in response.get_data(as_text=True)
    assert count(Merge) == 0 and count(AuditEvent) == 0


def test_htmx_merge_errors_come_back_in_the_panel_and_success_reloads(client, pm, pair):
    a, b = pair
    login(client, pm)
    response = client.htmx_post(f"/merging/ideas/{a.id}/merge", {"merge-idea": "#424242"})
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and 'id="merge-panel"' in html and "There is no idea #424242" in html
    assert "HX-Request" in response.headers["Vary"]
    response = client.htmx_post(f"/merging/ideas/{a.id}/merge", {"merge-idea": str(b.id)})
    assert response.status_code == 204 and response.headers["HX-Redirect"].endswith(f"/ideas/{a.id}")


def test_demand_for_a_new_account_creates_it_inline(client, pm, pair):
    a, _ = pair
    login(client, pm)
    client.post_form(f"/merging/ideas/{a.id}/proxy-votes", {
        "proxy-account": "Initech", "proxy-segment": "Enterprise", "proxy-annual_revenue": "120000",
        "proxy-note": "Asked on the renewal call"})
    account = db.session.scalar(select(CustomerAccount))
    assert (account.name, account.segment, account.annual_revenue) == ("Initech", "Enterprise", 120000)
    db.session.refresh(a)
    assert a.backer_count == 1


@pytest.mark.parametrize("fields, message", [
    ({"proxy-account": ""}, "This field is required"),
    ({"proxy-account": "x" * 121}, "120"),
    ({"proxy-account": "Acme", "proxy-annual_revenue": "lots"}, "Not a valid integer"),
    ({"proxy-account": "Acme", "proxy-annual_revenue": "-3"}, "at least 0"),
    ({"proxy-account": "Acme", "proxy-note": "n" * 1001}, "1000"),
])
def test_bad_demand_input_changes_nothing(client, pm, pair, fields, message):
    a, _ = pair
    login(client, pm)
    response = client.htmx_post(f"/merging/ideas/{a.id}/proxy-votes", fields)
    assert message in response.get_data(as_text=True)
    assert count(ProxyVote) == 0 and count(CustomerAccount) == 0


def test_unknown_ids_are_404(client, pm):
    login(client, pm)
    assert client.post_form("/merging/ideas/999/merge", {"merge-idea": "1"}).status_code == 404
    assert client.post_form("/merging/merges/999/undo").status_code == 404
    assert client.post_form("/merging/proxy-votes/999/delete").status_code == 404


def test_undo_twice_over_http_says_so(client, pm, pair):
    a, b = pair
    [merge] = merge_ideas(a, [b], pm)
    db.session.commit()
    login(client, pm)
    client.post_form(f"/merging/merges/{merge.id}/undo")
    page = client.post_form(f"/merging/merges/{merge.id}/undo", follow_redirects=True).get_data(as_text=True)
    assert "already undone" in page
    again = client.htmx_post(f"/merging/merges/{merge.id}/undo")  # htmx reloads the page to show the message
    assert again.status_code == 204 and again.headers["HX-Redirect"].endswith(f"/ideas/{a.id}")


def test_candidates_search_by_title_or_number(client, pm, pair, board, customer):
    a, b = pair
    merged = make_idea(board, customer, title="Night owl mode")
    merge_ideas(b, [merged], pm)
    db.session.commit()
    login(client, pm)
    html = client.get(f"/merging/ideas/{a.id}/merge-candidates?merge-idea=night").get_data(as_text=True)
    assert "Night theme" in html and "Night owl mode" not in html  # merged ideas aren't offered
    assert "Night theme" in client.get(f"/merging/ideas/{a.id}/merge-candidates?merge-idea=%23{b.id}").get_data(as_text=True)
    assert "Dark mode" not in client.get(f"/merging/ideas/{a.id}/merge-candidates?merge-idea=dark").get_data(as_text=True)


def test_audit_log_lists_events_paginated(client, pm, app, board, customer):
    ideas = [make_idea(board, customer, title=f"Idea {n}") for n in range(4)]
    merge_ideas(ideas[0], ideas[1:], pm)
    db.session.commit()
    app.config["AUDIT_PER_PAGE"] = 2
    login(client, pm)
    first = client.get("/merging/audit").get_data(as_text=True)
    assert first.count('data-testid="audit-event"') == 2 and "Page 1 of 2" in first
    assert "Pat PM" in first and "“Idea 3”" in first
    second = client.get("/merging/audit?page=2").get_data(as_text=True)
    assert second.count('data-testid="audit-event"') == 1 and "“Idea 1”" in second


def render_panel(app, idea, user=None):
    with app.test_request_context():
        if user is not None:
            flask_login.login_user(user)
        html = render_template("merging/_idea_merge_panel.html", idea=idea)
        flask_login.logout_user()
        return html


def test_panel_shows_duplicates_their_comments_and_demand_to_staff(app, pm, pair, other_customer):
    a, b = pair
    make_vote(b, other_customer)
    make_comment(b, other_customer, "I need this at night")
    make_proxy_vote(a, make_customer_account("Acme Corp", segment="Enterprise"), pm, days_ago=3, note="QBR")
    merge_ideas(a, [b], pm)
    db.session.commit()
    html = render_panel(app, a, pm)
    assert "Night theme" in html and "From merged ideas" in html and "I need this at night" in html
    assert "Acme Corp" in html and "(Enterprise)" in html and "recorded by Pat PM" in html and "3 days ago" in html
    assert "badge--proxy" in html and "Undo merge" in html and "Record demand for a customer" in html


def test_panel_for_the_public_hides_account_names_and_private_duplicates(app, pm, board, private_board, customer):
    a = make_idea(board, customer, title="Public request")
    secret = make_idea(private_board, pm, title="Secret internal plan")
    make_comment(secret, pm, "Confidential roadmap detail")
    make_proxy_vote(a, make_customer_account("Acme Corp"), pm)
    merge_ideas(a, [secret], pm)
    db.session.commit()
    for viewer in (None, customer):
        html = render_panel(app, a, viewer)
        assert "Secret internal plan" not in html and "Confidential roadmap detail" not in html
        assert "Acme Corp" not in html and "1 customer account" in html
        assert "Undo merge" not in html and "Merge another idea" not in html
    assert "Secret internal plan" in render_panel(app, a, pm)


def test_panel_is_empty_for_an_idea_with_nothing_merged(app, pair, customer):
    assert render_panel(app, pair[0], customer).strip() == ""


def test_panel_queries_do_not_grow_with_duplicates(app, pm, board, customer, other_customer):
    primary = make_idea(board, customer)

    def add_duplicate(n):
        duplicate = make_idea(board, customer, title=f"Duplicate {n}")
        make_vote(duplicate, other_customer)
        make_comment(duplicate, other_customer, f"Comment {n}")
        make_proxy_vote(duplicate, make_customer_account(f"Account {n}"), pm)
        merge_ideas(primary, [duplicate], pm)
        db.session.commit()

    add_duplicate(0)
    few = count_queries(lambda: render_panel(app, primary, pm))
    for n in range(1, 5):
        add_duplicate(n)
    assert count_queries(lambda: render_panel(app, primary, pm)) == few


@pytest.mark.parametrize("role", ROLES)
def test_group_into_a_theme_role_matrix(client, as_role, pair, role):
    a, _ = pair
    as_role(role)
    response = client.post_form(f"/merging/ideas/{a.id}/theme", {"theme-title": "Dark UI"})
    assert response.status_code == ALLOWED[role]
    assert count(Theme) == (1 if role in ("pm", "admin") else 0)


def test_group_into_a_new_then_an_existing_theme(client, pm, pair, app):
    a, b = pair
    login(client, pm)
    client.post_form(f"/merging/ideas/{a.id}/theme", {"theme-title": "Dark UI"})
    client.post_form(f"/merging/ideas/{b.id}/theme", {"theme-title": "  dark   ui "})
    theme = db.session.scalar(select(Theme))
    db.session.expire_all()
    assert count(Theme) == 1 and {a.theme_id, b.theme_id} == {theme.id}
    assert [e.action for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [
        "create_theme", "add_to_theme"]
    html = render_panel(app, a)
    assert "Part of the theme" in html and "Dark UI" in html and f"/themes/{theme.id}" in html
    assert "Move to another theme" in html
    assert "It is in “Dark UI” now, and leaves that theme for the one you name." in html


@pytest.mark.parametrize("title, message", [("", "This field is required"), ("x" * 141, "140")])
def test_bad_theme_titles_change_nothing(client, pm, pair, title, message):
    login(client, pm)
    response = client.htmx_post(f"/merging/ideas/{pair[0].id}/theme", {"theme-title": title})
    assert message in response.get_data(as_text=True) and count(Theme) == 0


def test_theme_form_needs_csrf(client, pm, pair):
    login(client, pm)
    assert client.post(f"/merging/ideas/{pair[0].id}/theme", data={"theme-title": "X"}).status_code == 400
    assert count(Theme) == 0


def test_weighted_score_shows_to_insiders_only_and_executives_get_no_tools(app, pair, customer, pm, executive):
    a, _ = pair
    make_vote(a, customer, days_ago=100)
    assert 'data-testid="idea-score"' not in render_panel(app, a, customer)
    for insider in (executive, pm):
        html = render_panel(app, a, insider)
        assert 'data-testid="idea-score"' in html and "How is this ranked?" in html
    assert "Merge another idea" not in render_panel(app, a, executive)


def test_merging_from_the_idea_page_keeps_the_themes_and_says_what_moved(client, pm, pair):
    """The duplicate leaves its theme for the kept idea's, and the PM reads it; a kept idea in no theme joins
    the duplicate's theme rather than pulling it out (as the triage inbox does)."""
    from tests.factories_roadmap import make_theme
    kept, duplicate = pair
    make_theme("Night themes", [duplicate], IdeaStatus.OPEN)  # as far along as the kept idea: a merge may not set it back
    db.session.commit()
    login(client, pm)
    page = client.post_form(f"/merging/ideas/{kept.id}/merge", {"merge-idea": f"#{duplicate.id}"},
                            follow_redirects=True).get_data(as_text=True)
    theme = db.session.scalar(select(Theme).where(Theme.title == "Night themes"))
    assert db.session.get(Idea, kept.id).theme_id == theme.id  # not left empty behind the merge
    assert f"#{kept.id} joined the theme “Night themes”." in page.replace("&#34;", '"')

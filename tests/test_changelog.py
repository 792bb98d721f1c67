"""The changelog page, the staff release-note form, and the Atom feed."""
import re
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.ideas.services import withdraw_idea
from ideabox.models import IdeaStatus, Notification, OutboxEmail, Release
from tests.conftest import ROLES
from tests.factories import make_idea, make_user
from tests.factories_roadmap import back, make_release, make_theme, ship
from tests.test_api import bearer, token_for

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:\d\d)$")


def release_titles(html: str) -> list[str]:
    return re.findall(r'class="rm-release__title">(?:<a href="[^"]*">)?([^<]*)<', html)


@pytest.fixture
def releases(board, private_board, customer, pm):
    public_idea = ship(make_idea(board, customer, title="Dark mode"))
    private_idea = ship(make_idea(private_board, customer, title="Internal audit log"))
    theme = make_theme("Single sign-on", [make_idea(board, customer), make_idea(private_board, customer)],
                       IdeaStatus.SHIPPED)
    private_theme = make_theme("Secret project", [make_idea(private_board, customer)], IdeaStatus.SHIPPED)
    return {
        "idea": make_release("Dark mode", "Now **everywhere**.", idea=public_idea, author=pm, days_ago=3),
        "private_idea": make_release("Audit log", "For admins.", idea=private_idea, author=pm, days_ago=2),
        "theme": make_release("SSO is here", "Okta & Google <script>alert(1)</script>", theme=theme, author=pm,
                              days_ago=1),
        "private_theme": make_release("Secret shipped", "Shh.", theme=private_theme, author=pm, days_ago=0),
    }


@pytest.mark.parametrize("role", ["anonymous", "customer"])
def test_the_public_changelog_lists_public_releases_newest_first(client, as_role, releases, role):
    as_role(role)
    html = client.get("/changelog").get_data(as_text=True)
    assert release_titles(html) == ["SSO is here", "Dark mode"]
    assert "Audit log" not in html and "Secret shipped" not in html and "Internal" not in html
    assert f'href="/roadmap/themes/{releases["theme"].theme_id}">SSO is here' in html
    assert f'href="/ideas/{releases["idea"].idea_id}">Dark mode' in html
    assert "Write release note" not in html


@pytest.mark.parametrize("role", ["pm", "executive", "admin"])
def test_insiders_see_every_release(client, as_role, releases, role):
    as_role(role)
    html = client.get("/changelog").get_data(as_text=True)
    assert release_titles(html) == ["Secret shipped", "SSO is here", "Audit log", "Dark mode"]
    assert ("Write release note" in html) == (role != "executive")


def test_release_notes_are_rendered_as_safe_markdown(client, releases):
    html = client.get("/changelog").get_data(as_text=True)
    assert "Now <strong>everywhere</strong>." in html
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


def test_the_changelog_is_paginated(client, board, customer):
    idea = ship(make_idea(board, customer))
    for n in range(12):
        make_release(f"Release {n:02d}", idea=idea, days_ago=n)
    first = release_titles(client.get("/changelog").get_data(as_text=True))
    second = release_titles(client.get("/changelog?page=2").get_data(as_text=True))
    assert first == [f"Release {n:02d}" for n in range(10)]
    assert second == ["Release 10", "Release 11"]
    past = client.get("/changelog?page=99")
    assert past.status_code == 302 and past.location == "/changelog?page=2"


def test_an_empty_changelog_says_so(client):
    assert "Nothing shipped yet" in client.get("/changelog").get_data(as_text=True)


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_publish_release_notes(client, as_role, board, customer, role):
    idea = ship(make_idea(board, customer, title="Bulk edit"))
    fans = back(idea, 2)
    user = as_role(role)
    response = client.post_form("/changelog", {"subject": f"idea:{idea.id}", "title": "", "body": "Edit **many** at once."})
    released = db.session.scalars(select(Release)).all()
    if role in ("pm", "admin"):
        assert response.status_code == 303
        [release] = released
        assert (release.title, release.idea_id, release.author_id) == ("Bulk edit", idea.id, user.id)
        for fan in fans:
            assert db.session.scalar(select(Notification).where(Notification.user_id == fan.id)).kind == "released"
        assert db.session.scalar(select(db.func.count()).select_from(OutboxEmail)) == 2
    else:
        assert response.status_code == (302 if role == "anonymous" else 403)
        assert released == []


def test_publishing_a_theme_release_with_a_custom_title(client, as_role, board, customer):
    theme = make_theme("Reporting", [make_idea(board, customer)], IdeaStatus.SHIPPED)
    as_role("pm")
    response = client.post_form("/changelog", {"subject": f"theme:{theme.id}", "title": "Reports 2.0", "body": "New."},
                                follow_redirects=True)
    assert "Release note published" in response.get_data(as_text=True)
    assert release_titles(response.get_data(as_text=True)) == ["Reports 2.0"]
    assert db.session.scalar(select(Release.theme_id)) == theme.id


@pytest.mark.parametrize("data, message", [
    ({"body": ""}, "Write what shipped."),
    ({"body": "x" * 10_001}, "Field cannot be longer than 10000 characters."),
    ({"title": "t" * 141}, "Field cannot be longer than 140 characters."),
    ({"subject": "idea:999999"}, "Not a valid choice."),
    ({"subject": "planned"}, "Not a valid choice."),
    ({"subject": ""}, "Choose the shipped item."),
])
def test_bad_release_notes_are_refused_with_a_message(client, as_role, board, customer, data, message):
    idea = ship(make_idea(board, customer))
    make_idea(board, customer, title="Only planned", status=IdeaStatus.PLANNED)
    as_role("pm")
    form = {"subject": f"idea:{idea.id}", "title": "", "body": "Shipped!", **data}
    if form["subject"] == "planned":
        form["subject"] = f"idea:{idea.id + 1}"
    response = client.post_form("/changelog", form)
    assert response.status_code == 422
    assert message in response.get_data(as_text=True)
    assert db.session.scalars(select(Release)).all() == []


def test_publishing_without_csrf_is_refused(client, as_role, board, customer):
    idea = ship(make_idea(board, customer))
    as_role("pm")
    assert client.post("/changelog", data={"subject": f"idea:{idea.id}", "body": "x"}).status_code == 400
    assert db.session.scalars(select(Release)).all() == []


def test_the_atom_feed_is_valid_and_public_only(client, as_role, releases):
    as_role("pm")  # the feed is the public view whoever fetches it
    response = client.get("/changelog.atom")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/atom+xml; charset=utf-8"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}id").text == "http://localhost/changelog"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "http://localhost/changelog.atom"
    assert RFC3339.match(feed.find(f"{ATOM}updated").text)
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == ["SSO is here", "Dark mode"]
    sso = entries[0]
    assert sso.find(f"{ATOM}link").get("href") == f"http://localhost/roadmap/themes/{releases['theme'].theme_id}"
    assert sso.find(f"{ATOM}id").text == f"http://localhost/changelog#release-{releases['theme'].id}"
    assert sso.find(f"{ATOM}author/{ATOM}name").text == "Pat PM"
    for tag in ("updated", "published"):
        stamp = sso.find(f"{ATOM}{tag}").text
        assert RFC3339.match(stamp)
        assert datetime.fromisoformat(stamp.replace("Z", "+00:00")) == releases["theme"].published_at.replace(microsecond=0)
    content = sso.find(f"{ATOM}content")
    assert content.get("type") == "html"
    assert content.text == "<p>Okta &amp; Google &lt;script&gt;alert(1)&lt;/script&gt;</p>\n"
    assert feed.find(f"{ATOM}updated").text == sso.find(f"{ATOM}updated").text


def test_the_atom_feed_uses_base_url_and_escapes_titles(client, app, board, customer):
    app.config["BASE_URL"] = "https://roadmap.example.org"
    idea = ship(make_idea(board, customer, title="Tags & <filters>"))
    make_release("Tags & <filters>", "Done", idea=idea)
    feed = ET.fromstring(client.get("/changelog.atom").data)
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}title").text == "Tags & <filters>"
    assert entry.find(f"{ATOM}link").get("href") == f"https://roadmap.example.org/ideas/{idea.id}"


def test_an_empty_feed_is_still_valid(client):
    feed = ET.fromstring(client.get("/changelog.atom").data)
    assert feed.findall(f"{ATOM}entry") == [] and RFC3339.match(feed.find(f"{ATOM}updated").text)


def test_changelog_query_count_does_not_grow_with_releases(client, board, customer, pm):
    from tests.test_roadmap import count_queries

    def seed(n):
        for i in range(n):
            make_release(f"Idea release {n}-{i}", idea=ship(make_idea(board, customer)), author=pm)
            theme = make_theme(f"Theme {n}-{i}", [make_idea(board, customer)], IdeaStatus.SHIPPED)
            make_release(f"Theme release {n}-{i}", theme=theme, author=make_user())

    seed(1)
    few = count_queries(lambda: client.get("/changelog"))
    seed(4)
    many = count_queries(lambda: client.get("/changelog"))
    assert many == few


def test_a_withdrawn_ideas_release_note_leaves_every_view_but_staffs(app, client, as_role, releases, customer):
    with app.test_request_context():
        withdraw_idea(releases["idea"].idea, customer)
    db.session.commit()
    feed = ET.fromstring(client.get("/changelog.atom").data)
    assert [entry.find(f"{ATOM}title").text for entry in feed.findall(f"{ATOM}entry")] == ["SSO is here"]
    for role in ("anonymous", "customer", "executive"):
        user = as_role(role)
        assert "Dark mode" not in release_titles(client.get("/changelog").get_data(as_text=True))
        api = client.get("/api/v1/releases", headers=bearer(token_for(user)) if user else {}).json
        assert "Dark mode" not in [release["title"] for release in api]
    as_role("pm")  # staff still open the withdrawn idea, and may delete its note
    html = client.get("/changelog").get_data(as_text=True)
    shown = {release_titles(article)[0]: article for article in html.split('data-testid="release"')[1:]}
    assert list(shown) == ["Secret shipped", "SSO is here", "Audit log", "Dark mode"]
    assert [title for title, article in shown.items() if 'data-testid="release-withdrawn"' in article] == ["Dark mode"]

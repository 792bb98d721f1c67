"""Correcting and deleting published release notes, their kind (new, improved, fixed) and the kind filter."""
import re
import xml.etree.ElementTree as ET
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import AuditEvent, Notification, OutboxEmail, Release
from tests.conftest import ROLES
from tests.factories import make_idea
from tests.factories_roadmap import back, make_release, ship
from tests.test_changelog import ATOM, release_titles, releases  # noqa: F401  (releases is a fixture)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def kinds_shown(html: str) -> list[str]:
    return re.findall(r'data-testid="release-kind">([^<]*)<', html)


@pytest.fixture
def note(board, customer, pm):
    """A published note on a shipped idea with two backers, who were told when it was published."""
    idea = ship(make_idea(board, customer, title="Dark mode"))
    back(idea, 2)
    return make_release("Dark mod", "Now everywere.", idea=idea, author=pm, days_ago=1)


def edit(client, release, **fields):
    data = {"title": release.title, "body": release.body, "kind": release.kind, **fields}
    return client.post_form(f"/changelog/{release.id}/edit", data)


def test_a_pm_corrects_a_note_without_telling_anyone_again(client, as_role, note):
    pm = as_role("pm")
    notifications, emails = count(Notification), count(OutboxEmail)
    response = edit(client, note, title="Dark mode", body="Now **everywhere**.", kind="improved")
    assert response.status_code == 303 and response.location.endswith(f"/changelog#release-{note.id}")
    db.session.expire_all()
    assert (note.title, note.body, note.kind) == ("Dark mode", "Now **everywhere**.", "improved")
    assert note.edited_at is not None and note.edited_at >= note.published_at
    assert (count(Notification), count(OutboxEmail)) == (notifications, emails)
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "release.edited"))
    assert event.actor_id == pm.id and event.subject_id == note.id and event.details["name"] == "Dark mode"
    html = client.get("/changelog").get_data(as_text=True)
    assert release_titles(html) == ["Dark mode"] and "Now <strong>everywhere</strong>." in html
    assert kinds_shown(html) == ["Improved"] and "Updated " in html


def test_saving_an_unchanged_note_marks_nothing(client, as_role, note):
    as_role("pm")
    assert edit(client, note).status_code == 303
    db.session.expire_all()
    assert note.edited_at is None and count(AuditEvent) == 0
    assert "Updated " not in client.get("/changelog").get_data(as_text=True)


def test_the_edit_page_shows_the_note(client, as_role, note):
    as_role("admin")
    html = client.get(f"/changelog/{note.id}/edit").get_data(as_text=True)
    assert 'value="Dark mod"' in html and "Now everywere.</textarea>" in html
    assert '<option selected value="new">New</option>' in html
    assert "Nobody is notified again" in html


@pytest.mark.parametrize("fields, message", [
    ({"title": "  "}, "Give the release note a title."),
    ({"body": ""}, "Write what shipped."),
    ({"title": "t" * 141}, "Field cannot be longer than 140 characters."),
    ({"body": "b" * 10_001}, "Field cannot be longer than 10000 characters."),
    ({"kind": "breaking"}, "Say whether it is new, improved or fixed."),
])
def test_a_bad_correction_says_why_and_changes_nothing(client, as_role, note, fields, message):
    as_role("pm")
    response = edit(client, note, **fields)
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    db.session.expire_all()
    assert (note.title, note.body, note.kind, note.edited_at) == ("Dark mod", "Now everywere.", "new", None)


def test_a_pm_deletes_a_note(client, as_role, note):
    pm = as_role("pm")
    response = client.post_form(f"/changelog/{note.id}/delete", {})
    assert response.status_code == 303 and response.location.endswith("/changelog")
    assert count(Release) == 0
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "release.deleted"))
    assert event.actor_id == pm.id and event.details["name"] == "Dark mod"
    page = client.get("/changelog").get_data(as_text=True)
    assert "Release note “Dark mod” deleted." in page and "Nothing shipped yet" in page
    assert 'data-testid="release"' not in client.get("/changelog.atom").get_data(as_text=True)


def test_staff_see_edit_and_delete_on_each_note_and_others_do_not(client, as_role, note):
    for role in ROLES:  # anonymous first: each later role signs in over the one before
        as_role(role)
        html = client.get("/changelog").get_data(as_text=True)
        shown = f'href="/changelog/{note.id}/edit"' in html and f'action="/changelog/{note.id}/delete"' in html
        assert shown == (role in ("pm", "admin")), role
        assert ('data-confirm="Delete the release note' in html) == shown


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_correct_or_delete_notes(client, as_role, note, role):
    as_role(role)
    opened = client.get(f"/changelog/{note.id}/edit")
    edited = edit(client, note, title="Hijacked")
    deleted = client.post_form(f"/changelog/{note.id}/delete", {})
    db.session.expire_all()
    if role in ("pm", "admin"):
        assert (opened.status_code, edited.status_code, deleted.status_code) == (200, 303, 303)
        assert count(Release) == 0
        return
    expected = 302 if role == "anonymous" else 403
    assert (opened.status_code, edited.status_code, deleted.status_code) == (expected,) * 3
    if role == "anonymous":
        assert parse_qs(urlsplit(opened.location).query)["next"] == [f"/changelog/{note.id}/edit"]
    assert db.session.scalars(select(Release.title)).all() == ["Dark mod"]


def test_corrections_and_deletions_need_a_csrf_token(client, as_role, note):
    as_role("pm")
    assert client.post(f"/changelog/{note.id}/edit", data={"title": "X", "body": "Y", "kind": "new"}).status_code == 400
    assert client.post(f"/changelog/{note.id}/delete").status_code == 400
    db.session.expire_all()
    assert db.session.scalars(select(Release.title)).all() == ["Dark mod"]


def test_unknown_notes_are_not_found(client, as_role):
    as_role("pm")
    assert client.get("/changelog/999/edit").status_code == 404
    assert client.post_form("/changelog/999/delete", {}).status_code == 404


def test_publishing_says_what_kind_of_change_it_is(client, as_role, board, customer):
    idea = ship(make_idea(board, customer, title="Faster search"))
    as_role("pm")
    refused = client.post_form("/changelog", {"subject": f"idea:{idea.id}", "kind": "huge", "body": "Quicker."})
    assert refused.status_code == 422 and "Say whether it is new, improved or fixed." in refused.get_data(as_text=True)
    assert count(Release) == 0
    assert client.post_form("/changelog", {"subject": f"idea:{idea.id}", "kind": "improved", "body": "Quicker."}).status_code == 303
    assert db.session.scalar(select(Release.kind)) == "improved"


def test_the_changelog_filters_by_kind(client, as_role, board, customer, private_board):
    idea = ship(make_idea(board, customer))
    hidden = ship(make_idea(private_board, customer))
    make_release("Dark mode", idea=idea, kind="new", days_ago=3)
    make_release("Faster search", idea=idea, kind="improved", days_ago=2)
    make_release("Crash on login", idea=idea, kind="fixed", days_ago=1)
    make_release("Secret fix", idea=hidden, kind="fixed", days_ago=0)
    page = client.get("/changelog").get_data(as_text=True)
    assert release_titles(page) == ["Crash on login", "Faster search", "Dark mode"]
    assert kinds_shown(page) == ["Fixed", "Improved", "New"]
    assert release_titles(client.get("/changelog?kind=fixed").get_data(as_text=True)) == ["Crash on login"]
    assert release_titles(client.get("/changelog?kind=new").get_data(as_text=True)) == ["Dark mode"]
    assert client.get("/changelog?kind=breaking").status_code == 404
    as_role("pm")
    assert release_titles(client.get("/changelog?kind=fixed").get_data(as_text=True)) == ["Secret fix", "Crash on login"]


def test_the_feed_carries_the_kind_and_the_correction_time(client, as_role, note):
    as_role("pm")
    edit(client, note, title="Dark mode", kind="fixed")
    db.session.expire_all()
    feed = ET.fromstring(client.get("/changelog.atom").get_data())
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}category").attrib == {"term": "fixed", "label": "Fixed"}
    published, updated = entry.find(f"{ATOM}published").text, entry.find(f"{ATOM}updated").text
    assert updated > published and feed.find(f"{ATOM}updated").text == updated

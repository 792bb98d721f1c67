"""No idea leaves a theme silently: merges keep ideas in the theme they share, moves are told, empty themes go
only when a PM deletes them."""
import pytest
from sqlalchemy import func, select

from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas, undo_merge
from ideabox.models import AuditEvent, Idea, IdeaStatus, Merge, MergeSuggestion, Release, Theme, utcnow
from ideabox.roadmap.services import publish_release
from ideabox.themes.services import (
    accept_group, add_to_theme, create_theme, delete_theme, is_empty, merge_into, remove_from_theme, set_theme_status,
)
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_triage import make_suggestion


@pytest.fixture
def ideas(board, customer):
    titles = ["Add a dark mode", "Night mode to reduce eye strain", "Support SAML single sign-on", "Dark theme please"]
    return [make_idea(board, customer, title=title) for title in titles]


@pytest.fixture
def dark_mode(app, ideas, pm):
    """“Dark mode”, shipped with a published release note, holding the first idea."""
    with app.test_request_context():
        theme = create_theme("Dark mode", [ideas[0]], pm)
        set_theme_status(theme, IdeaStatus.SHIPPED, pm)
        publish_release(theme, pm, "Dark mode is here.")
    db.session.commit()
    return theme


@pytest.fixture
def saml(app, ideas, pm):
    with app.test_request_context():
        theme = create_theme("SAML single sign-on", [ideas[2]], pm)
    db.session.commit()
    return theme


@pytest.fixture
def kept_shipped_too(ideas):
    """The idea kept as far along as the shipped one merged into it: a merge may not set a shipped idea back."""
    ideas[3].status = IdeaStatus.SHIPPED
    db.session.commit()


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def theme_count() -> int:
    return db.session.scalar(select(func.count(Theme.id)))


def flashed(response) -> str:
    return response.get_data(as_text=True).replace("&#34;", '"').replace("&#39;", "'")


# Repro A: a kept idea outside any theme joins the theme of the ideas merged into it.

def test_kept_idea_outside_any_theme_joins_its_duplicates_theme(request_context, ideas, dark_mode, pm, kept_shipped_too):
    new_idea, in_theme = ideas[3], ideas[0]

    theme = accept_group(new_idea, [in_theme], pm, "Would be a new theme")

    assert theme == dark_mode and theme_count() == 1
    assert new_idea.theme_id == in_theme.theme_id == dark_mode.id
    assert not is_empty(dark_mode)
    joined = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "add_to_theme")).one()
    assert joined.subject_id == dark_mode.id and joined.details["idea_ids"] == [new_idea.id]


def test_triage_accept_says_the_kept_idea_joined_the_theme(client, ideas, dark_mode, pm, kept_shipped_too):
    suggestion = make_suggestion([ideas[3], ideas[0]], title="Night mode")
    login(client, pm)

    response = client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[3].id})

    body = flashed(response)
    assert f"#{ideas[3].id} joined the theme “Dark mode”." in body
    assert f'href="/themes/{dark_mode.id}"' in body
    assert theme_count() == 1 and db.session.get(Idea, ideas[3].id).theme_id == dark_mode.id
    assert dark_mode.id in {release.theme_id for release in db.session.scalars(select(Release))}


def test_undoing_the_merge_leaves_the_duplicate_in_its_theme(request_context, ideas, dark_mode, pm, kept_shipped_too):
    accept_group(ideas[3], [ideas[0]], pm, "Ignored")
    assert ideas[0].merged_into_id == ideas[3].id
    undo_merge(db.session.scalars(select(Merge)).one(), pm)
    assert ideas[0].merged_into_id is None
    assert ideas[0].theme_id == ideas[3].theme_id == dark_mode.id and theme_count() == 1


# Members in different themes: the PM chooses; the others are told they lost ideas.

def test_ideas_in_different_themes_need_a_choice(request_context, ideas, dark_mode, saml, pm):
    with pytest.raises(DomainError, match="different themes .*“Dark mode”.*“SAML single sign-on”.*choose"):
        accept_group(ideas[3], [ideas[0], ideas[2]], pm, "New")
    with pytest.raises(DomainError, match="different themes"):
        accept_group(ideas[3], [ideas[0], ideas[2]], pm, "New", theme_id=987654)


def test_triage_refuses_until_the_pm_chooses_then_says_who_moved(client, ideas, dark_mode, saml, pm):
    suggestion = make_suggestion([ideas[0], ideas[2], ideas[3]])
    login(client, pm)
    page = flashed(client.get("/triage/"))
    assert 'data-testid="theme-choice"' in page and "These ideas are in different themes" in page
    assert "If it is in a theme (◆), they join that theme" not in page

    refused = flashed(client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept", {"primary_id": ideas[0].id}))
    assert "choose the one they all join" in refused
    assert db.session.get(MergeSuggestion, suggestion.id).state == "pending"
    assert db.session.get(Idea, ideas[2].id).merged_into_id is None

    done = flashed(client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept",
                                    {"primary_id": ideas[0].id, "theme_id": dark_mode.id}))
    assert f"#{ideas[2].id} moved from “SAML single sign-on” to “Dark mode”." in done
    assert "“SAML single sign-on” has no ideas left" in done
    assert f'href="/themes/{saml.id}"' in done  # a link to review the emptied theme
    assert {db.session.get(Idea, idea.id).theme_id for idea in ideas[:4] if idea is not ideas[1]} == {dark_mode.id}
    assert db.session.get(Theme, saml.id) is not None  # kept until a PM deletes it


def test_the_kept_ideas_own_theme_can_be_the_one_left(client, ideas, dark_mode, saml, pm):
    suggestion = make_suggestion([ideas[0], ideas[2]])
    login(client, pm)

    done = flashed(client.htmx_post(f"/triage/suggestions/{suggestion.id}/accept",
                                    {"primary_id": ideas[0].id, "theme_id": saml.id}))

    assert f"#{ideas[0].id} moved from “Dark mode” to “SAML single sign-on”." in done
    assert db.session.get(Idea, ideas[0].id).theme_id == saml.id


def test_a_group_in_one_theme_says_which_before_accepting(client, ideas, dark_mode, pm):
    make_suggestion([ideas[3], ideas[0]])
    login(client, pm)
    page = flashed(client.get("/triage/"))
    assert "all of them join the theme “Dark mode”" in page and 'data-testid="theme-choice"' not in page


def test_find_duplicates_merge_keeps_the_theme_and_says_so(client, ideas, dark_mode, saml, pm, kept_shipped_too):
    login(client, pm)
    joined = flashed(client.post_form("/triage/merge", {"primary_id": ideas[3].id, "merged_id": ideas[0].id},
                                      follow_redirects=True))
    assert f"#{ideas[3].id} joined the theme “Dark mode”." in joined
    assert db.session.get(Idea, ideas[3].id).theme_id == dark_mode.id

    moved = flashed(client.post_form("/triage/merge", {"primary_id": ideas[3].id, "merged_id": ideas[2].id},
                                     follow_redirects=True))
    assert f"#{ideas[2].id} moved from “SAML single sign-on” to “Dark mode”." in moved
    assert "“SAML single sign-on” has no ideas left" in moved


def test_merge_into_without_themes_changes_no_theme(request_context, ideas, pm):
    assert merge_into(ideas[0], [ideas[1]], pm) is None
    assert ideas[0].theme_id is None and ideas[1].merged_into_id == ideas[0].id


# Repro B and defect 2: adding an idea on a theme's page.

def test_adding_an_idea_of_another_theme_says_it_moved(client, ideas, dark_mode, saml, pm):
    login(client, pm)

    response = client.post_form(f"/themes/{dark_mode.id}/ideas", {"add-idea": f"#{ideas[2].id}"}, follow_redirects=True)

    body = flashed(response)
    assert f"#{ideas[2].id} moved from “SAML single sign-on” to “Dark mode”." in body
    assert "“SAML single sign-on” has no ideas left; delete it on its page" in body
    assert db.session.get(Idea, ideas[2].id).theme_id == dark_mode.id

    from_none = flashed(client.post_form(f"/themes/{dark_mode.id}/ideas", {"add-idea": str(ideas[1].id)},
                                         follow_redirects=True))
    assert "Idea added to the theme." in from_none and "moved from" not in from_none


def test_adding_a_merged_idea_names_the_primary_added_instead(client, app, ideas, dark_mode, pm):
    with app.test_request_context():
        merge_ideas(ideas[1], [ideas[3]], pm)
    db.session.commit()
    login(client, pm)

    body = flashed(client.post_form(f"/themes/{dark_mode.id}/ideas", {"add-idea": f"#{ideas[3].id}"},
                                    follow_redirects=True))

    assert f"#{ideas[3].id} was merged into #{ideas[1].id}, so #{ideas[1].id} was added." in body
    assert "Idea added to the theme." not in body
    assert db.session.get(Idea, ideas[1].id).theme_id == dark_mode.id

    again = flashed(client.post_form(f"/themes/{dark_mode.id}/ideas", {"add-idea": f"#{ideas[3].id}"}))
    assert f"#{ideas[3].id} was merged into #{ideas[1].id}, which is already in this theme." in again


def test_add_to_theme_reports_moves_and_emptied_themes(request_context, ideas, dark_mode, saml, pm):
    moves = add_to_theme(dark_mode, [ideas[2], ideas[1]], pm)
    assert [(idea.id, old.id) for idea, old in moves.moved] == [(ideas[2].id, saml.id)]
    assert moves.emptied == (saml,) and moves.stand_ins == ()


# Empty themes: kept, offered for deletion, deleted only by a PM and on the audit log.

def test_an_empty_theme_offers_deletion_to_pms(client, app, ideas, saml, pm, customer):
    login(client, pm)
    assert 'data-testid="delete-theme"' not in client.get(f"/themes/{saml.id}").get_data(as_text=True)
    with app.test_request_context():
        remove_from_theme(saml, [ideas[2]], pm)
    db.session.commit()

    page = client.get(f"/themes/{saml.id}").get_data(as_text=True)
    assert 'data-testid="delete-theme-button"' in page and "This theme has no ideas left" in page

    response = client.post_form(f"/themes/{saml.id}/delete", follow_redirects=True)

    assert response.request.path == "/themes/" and "Theme “SAML single sign-on” deleted." in flashed(response)
    assert db.session.get(Theme, saml.id) is None
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "delete_theme")).one()
    assert (event.actor_id, event.subject_id, event.details["title"]) == (pm.id, saml.id, "SAML single sign-on")
    log = client.get("/merging/audit").get_data(as_text=True)
    assert "deleted the theme" in log and "“SAML single sign-on”" in log


def test_only_an_empty_theme_without_release_notes_can_be_deleted(request_context, ideas, dark_mode, pm):
    with pytest.raises(DomainError, match="Only a theme without ideas"):
        delete_theme(dark_mode, pm)
    add_to_theme(create_theme("Elsewhere", [ideas[1]], pm), [ideas[0]], pm)
    assert is_empty(dark_mode)
    with pytest.raises(DomainError, match="release note in the changelog"):
        delete_theme(dark_mode, pm)
    assert db.session.get(Theme, dark_mode.id) is not None


def test_the_page_of_an_empty_theme_with_a_release_note_says_what_keeps_it(client, app, ideas, dark_mode, pm):
    with app.test_request_context():
        add_to_theme(create_theme("Elsewhere", [ideas[1]], pm), [ideas[0]], pm)
    db.session.commit()
    login(client, pm)
    page = client.get(f"/themes/{dark_mode.id}").get_data(as_text=True)
    assert "Its release note in the changelog keeps it" in page
    assert 'data-testid="delete-theme-button"' not in page
    refused = client.post_form(f"/themes/{dark_mode.id}/delete", follow_redirects=True)
    assert "release note in the changelog" in flashed(refused)
    assert db.session.get(Theme, dark_mode.id) is not None


def test_deleting_clears_withdrawn_members(request_context, ideas, saml, pm):
    ideas[2].withdrawn_at = utcnow()
    assert is_empty(saml)
    delete_theme(saml, pm)
    assert ideas[2].theme_id is None


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_only_pms_delete_themes(client, app, ideas, pm, role):
    with app.test_request_context():
        theme = create_theme("Lonely", [ideas[1]], pm)
        remove_from_theme(theme, [ideas[1]], pm)
    db.session.commit()
    user = make_user(role=role)
    with app.test_request_context(), pytest.raises(PermissionDenied):
        delete_theme(theme, user)
    login(client, user)
    assert client.post_form(f"/themes/{theme.id}/delete").status_code == 403
    login(client, pm)
    assert client.post(f"/themes/{theme.id}/delete").status_code == 400  # no CSRF token
    assert db.session.get(Theme, theme.id) is not None

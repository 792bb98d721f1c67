"""Staff move an idea filed on the wrong board, with its merged duplicates; on the audit log."""
import pytest
from sqlalchemy import select

from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import move_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import AuditEvent, Idea
from tests import factories
from tests.conftest import ROLES, login
from tests.test_ideas_actions import assert_sent_to_sign_in


def text_of(response):
    return response.get_data(as_text=True)


def board_of(idea_id) -> int:
    db.session.expire_all()
    return db.session.get(Idea, idea_id).board_id


@pytest.fixture
def web(app):
    return factories.make_board(name="Web app", slug="web")


@pytest.fixture
def misfiled(board, customer, pm):
    """An idea about the web app posted on the web board, with a duplicate merged into it."""
    idea = factories.make_idea(board, customer, title="Dark mode in the browser")
    duplicate = factories.make_idea(board, customer, title="Browser dark theme please")
    merge_ideas(idea, [duplicate], pm)
    db.session.commit()
    return idea, duplicate


def test_staff_move_an_idea_and_its_duplicates_on_the_record(misfiled, web, board, pm):
    idea, duplicate = misfiled
    move_idea(idea, web, pm)
    db.session.commit()
    assert board_of(idea.id) == board_of(duplicate.id) == web.id
    event = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "idea.moved")).one()
    assert (event.actor_id, event.subject_id) == (pm.id, idea.id)
    assert event.details == {"primary_title": "Dark mode in the browser", "from_board": board.name, "to_board": "Web app"}


@pytest.mark.parametrize("who", ["customer", "executive"])
def test_only_staff_move_ideas(request, misfiled, web, board, who):
    idea, _ = misfiled
    with pytest.raises(PermissionDenied):
        move_idea(idea, web, request.getfixturevalue(who))
    assert board_of(idea.id) == board.id


def test_a_move_that_makes_no_sense_is_refused(misfiled, board, web, admin):
    idea, duplicate = misfiled
    with pytest.raises(DomainError, match="merged"):
        move_idea(duplicate, web, admin)
    with pytest.raises(DomainError, match="already on this board"):
        move_idea(idea, board, admin)
    with pytest.raises(DomainError, match="Choose a board"):
        move_idea(idea, None, admin)
    assert board_of(idea.id) == board_of(duplicate.id) == board.id


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_get_the_move_form_and_may_post_it(client, as_role, misfiled, web, board, role):
    idea, _ = misfiled
    as_role(role)
    staff = role in ("pm", "admin")
    assert ('data-testid="move-form"' in text_of(client.get(f"/ideas/{idea.id}"))) == staff
    response = client.post_form(f"/ideas/{idea.id}/move", {"board": str(web.id)})
    if staff:
        assert response.status_code == 303 and board_of(idea.id) == web.id
    else:
        if role == "anonymous":
            assert_sent_to_sign_in(response, f"/ideas/{idea.id}")
        else:
            assert response.status_code == 403
        assert board_of(idea.id) == board.id


def test_the_move_shows_on_the_page_and_the_audit_log(client, misfiled, web, pm):
    idea, _ = misfiled
    login(client, pm)
    page = text_of(client.post_form(f"/ideas/{idea.id}/move", {"board": str(web.id)}, follow_redirects=True))
    assert "Moved to Web app." in page and 'href="/b/web">Web app</a>' in page
    log = " ".join(text_of(client.get("/merging/audit")).split())
    assert f"moved <a href=\"/ideas/{idea.id}\">#{idea.id} “Dark mode in the browser”</a> from" in log
    assert "<strong>Web app</strong>" in log


@pytest.mark.parametrize("data, message", [
    ({"board": ""}, "Choose a board to move the idea to."),
    ({"board": "999999"}, "Not a valid choice"),
    ({"board": "abc"}, "Choose a board to move the idea to."),
])
def test_a_bad_move_shows_the_form_again_and_changes_nothing(client, misfiled, board, web, pm, data, message):
    idea, _ = misfiled
    login(client, pm)
    response = client.post_form(f"/ideas/{idea.id}/move", data)
    assert response.status_code == 400 and message in text_of(response)
    assert board_of(idea.id) == board.id


def test_the_current_board_is_not_offered(client, misfiled, board, web, pm):
    idea, _ = misfiled
    login(client, pm)
    response = client.post_form(f"/ideas/{idea.id}/move", {"board": str(board.id)})
    assert response.status_code == 400 and "Not a valid choice" in text_of(response)


def test_moving_needs_a_csrf_token(client, misfiled, web, board, pm):
    idea, _ = misfiled
    login(client, pm)
    response = client.post(f"/ideas/{idea.id}/move", data={"board": str(web.id)})
    assert response.status_code == 400 and board_of(idea.id) == board.id


def test_with_a_single_board_there_is_nowhere_to_move(client, misfiled, pm):
    idea, _ = misfiled
    login(client, pm)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert "There is no other board to move it to." in page and 'data-testid="move-form"' not in page


def test_the_move_form_says_what_a_private_board_would_hide(client, board, private_board, customer, pm):
    idea = factories.make_idea(board, customer, title="Export to PDF")
    login(client, pm)
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert f'<option value="{private_board.id}">Internal (private: only the team sees it)</option>' in page
    assert 'data-testid="move-private-hint"' in page and "can no longer open it" in page
    move_idea(idea, private_board, pm)
    db.session.commit()
    back_out = text_of(client.get(f"/ideas/{idea.id}"))  # from a private board every move shows it to more people
    assert 'data-testid="move-private-hint"' not in back_out
    assert f'<option value="{board.id}">Mobile app</option>' in back_out

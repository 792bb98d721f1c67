"""Sizing ideas outside themes, and ranking a board by value for effort: who may, what is refused, who sees it."""
import re

import pytest
from sqlalchemy import select

from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.ideas.services import set_effort
from ideabox.merging.services import merge_ideas
from ideabox.themes.services import create_theme
from ideabox.models import AuditEvent, Idea
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_roadmap import back, make_theme
from tests.test_ideas_actions import assert_sent_to_sign_in


def effort_of(idea_id):
    db.session.expire_all()
    return db.session.get(Idea, idea_id).effort


def titles(html: str) -> list[str]:
    return re.findall(r'class="idea-row__title" href="[^"]*">([^<]*)<', html)


def size(client, idea, effort):
    return client.post_form(f"/ideas/{idea.id}/effort", {"effort": effort})


@pytest.fixture
def ideas(board, customer):
    """Three ideas with 6, 4 and 2 backers."""
    made = {}
    for title, backers in (("Exports", 6), ("Dark mode", 4), ("Offline", 2)):
        made[title] = factories.make_idea(board, customer, title=title)
        back(made[title], backers)
    return made


def test_a_pm_sizes_an_idea_on_its_page_and_it_is_audited(client, ideas, pm):
    login(client, pm)
    exports = ideas["Exports"]
    response = size(client, exports, "m")
    assert response.status_code == 303 and response.location.endswith(f"/ideas/{exports.id}")
    assert effort_of(exports.id) == 3
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "effort_set"))
    assert (event.actor_id, event.subject_type, event.details["before"], event.details["after"]) == (
        pm.id, "ideas", None, 3)
    page = client.get(f"/ideas/{exports.id}").get_data(as_text=True)
    assert "Effort: M · 3 points." in page and '<option selected value="m">M · 3 points</option>' in page


@pytest.mark.parametrize("effort", ["xxl", "7", "<b>"])
def test_an_unknown_size_says_why_and_changes_nothing(client, ideas, pm, effort):
    login(client, pm)
    exports = ideas["Exports"]
    size(client, exports, "s")
    response = size(client, exports, effort)
    assert response.status_code == 400
    assert "Choose a size from XS to XL, or none." in response.get_data(as_text=True)
    assert effort_of(exports.id) == 2


def test_ideas_in_a_theme_or_merged_are_sized_elsewhere(app, board, customer, pm):
    in_theme = factories.make_idea(board, customer, title="CSV export")
    make_theme("Exports", [in_theme])
    primary, duplicate = factories.make_idea(board, customer), factories.make_idea(board, customer)
    with app.test_request_context():
        merge_ideas(primary, [duplicate], pm)
        with pytest.raises(DomainError, match="size the theme instead"):
            set_effort(in_theme, "s", pm)
        with pytest.raises(DomainError, match="size the idea it was merged into"):
            set_effort(duplicate, "s", pm)
        with pytest.raises(PermissionDenied):
            set_effort(primary, "s", customer)


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_size_ideas(client, as_role, ideas, role):
    as_role(role)
    exports = ideas["Exports"]
    response = size(client, exports, "xl")
    if role in ("pm", "admin"):
        assert response.status_code == 303 and effort_of(exports.id) == 8
        return
    if role == "anonymous":
        assert_sent_to_sign_in(response, f"/ideas/{exports.id}")
    else:
        assert response.status_code == 403
    assert effort_of(exports.id) is None


def test_sizing_needs_a_csrf_token(client, ideas, pm):
    login(client, pm)
    assert client.post(f"/ideas/{ideas['Exports'].id}/effort", data={"effort": "s"}).status_code == 400
    assert effort_of(ideas["Exports"].id) is None


def test_a_board_ranks_by_value_for_effort_for_insiders(client, ideas, pm, board):
    login(client, pm)
    size(client, ideas["Exports"], "xl")   # 6 backers / 8 points = 0.75
    size(client, ideas["Dark mode"], "s")  # 4 backers / 2 points = 2
    html = client.get(f"/b/{board.slug}").get_data(as_text=True)
    assert titles(html) == ["Exports", "Dark mode", "Offline"] and ">Value for effort</a>" in html
    by_value = client.get(f"/b/{board.slug}?sort=value").get_data(as_text=True)
    assert titles(by_value) == ["Dark mode", "Exports", "Offline"]  # the unsized one last
    assert re.findall(r'data-testid="idea-effort" title="Effort">([^<]*)<', by_value) == ["S · 2 points", "XL · 8 points"]
    searched = client.get("/search?q=exports&sort=value").get_data(as_text=True)  # search lists sort alike
    assert titles(searched) == ["Exports"] and 'aria-current="true">Value for effort' in searched


@pytest.mark.parametrize("role", ROLES)
def test_sizes_and_the_value_sort_are_for_insiders_only(client, as_role, ideas, board, role):
    ideas["Exports"].effort = 3
    db.session.commit()
    as_role(role)
    html = client.get(f"/b/{board.slug}").get_data(as_text=True)
    insider = role in ("pm", "executive", "admin")
    assert ('data-testid="idea-effort"' in html) == insider and (">Value for effort</a>" in html) == insider
    response = client.get(f"/b/{board.slug}?sort=value")
    assert response.status_code == (200 if insider else 400)
    page = client.get(f"/ideas/{ideas['Exports'].id}").get_data(as_text=True)
    assert ('data-testid="effort-form"' in page) == (role in ("pm", "admin"))


def test_an_idea_that_joins_a_theme_leaves_its_own_size_behind(app, ideas, pm, board):
    exports = ideas["Exports"]
    with app.test_request_context():
        set_effort(exports, "l", pm)
        create_theme("Reporting", [exports], pm)
    db.session.commit()
    assert effort_of(exports.id) is None  # it ranks with its theme now, not with a size no one can change

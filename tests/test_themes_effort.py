"""Sizing themes (effort) and ranking them by value for effort: who may, what is refused, who sees it."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import AuditEvent, Theme
from tests.conftest import ROLES
from tests.factories import make_idea
from tests.factories_roadmap import back, make_theme


def titles(html: str) -> list[str]:
    return re.findall(r'class="theme-table__title" href="[^"]*">([^<]*)<', html)


@pytest.fixture
def themes(board, customer):
    """Three open themes: 6, 4 and 2 backers."""
    made = {}
    for title, backers in (("Exports", 6), ("Dark mode", 4), ("Offline", 2)):
        idea = make_idea(board, customer, title=title)
        back(idea, backers)
        made[title] = make_theme(title, [idea], status="open")
    return made


def size(client, theme, effort):
    return client.post_form(f"/themes/{theme.id}/effort", {"effort": effort})


def test_a_pm_sizes_a_theme_and_it_goes_on_the_audit_log(client, as_role, themes):
    pm = as_role("pm")
    exports = themes["Exports"]
    response = size(client, exports, "l")
    assert response.status_code == 303 and response.location.endswith(f"/themes/{exports.id}")
    db.session.expire_all()
    assert exports.effort == 5
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "effort_set"))
    assert (event.actor_id, event.details["before"], event.details["after"]) == (pm.id, None, 5)
    page = client.get(f"/themes/{exports.id}").get_data(as_text=True)
    assert "Effort: L · 5 points." in page
    assert re.search(r'data-testid="theme-effort"><dt>Effort</dt><dd>L · 5 points</dd>', page)
    assert '<option selected value="l">L · 5 points</option>' in page
    assert 'data-testid="theme-value"' in page


def test_clearing_the_size_and_saving_the_same_size(client, as_role, themes):
    as_role("admin")
    exports = themes["Exports"]
    size(client, exports, "m")
    size(client, exports, "M")  # the same size again: nothing to log
    size(client, exports, "")
    db.session.expire_all()
    assert exports.effort is None
    assert [e.details["after"] for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))] == [3, None]
    assert "Effort: not sized." in client.get(f"/themes/{exports.id}").get_data(as_text=True)


@pytest.mark.parametrize("effort", ["xxl", "5", "medium", "<b>"])
def test_an_unknown_size_says_why_and_changes_nothing(client, as_role, themes, effort):
    as_role("pm")
    exports = themes["Exports"]
    size(client, exports, "s")
    response = size(client, exports, effort)
    assert response.status_code == 303
    assert "Choose a size from XS to XL, or none." in client.get(response.location).get_data(as_text=True)
    db.session.expire_all()
    assert exports.effort == 2


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_size_themes(client, as_role, themes, role):
    as_role(role)
    exports = themes["Exports"]
    response = size(client, exports, "xl")
    db.session.expire_all()
    if role in ("pm", "admin"):
        assert response.status_code == 303 and exports.effort == 8
        return
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert parse_qs(urlsplit(response.location).query)["next"] == [f"/themes/{exports.id}/effort"]
    assert exports.effort is None


def test_sizing_needs_a_csrf_token(client, as_role, themes):
    as_role("pm")
    exports = themes["Exports"]
    assert client.post(f"/themes/{exports.id}/effort", data={"effort": "s"}).status_code == 400
    assert client.post_form("/themes/999/effort", {"effort": "s"}).status_code == 404
    db.session.expire_all()
    assert exports.effort is None


@pytest.mark.parametrize("role", ROLES)
def test_effort_and_value_are_for_insiders_only(client, as_role, themes, role):
    db.session.execute(Theme.__table__.update().values(effort=3))
    db.session.commit()
    as_role(role)
    index = client.get("/themes/")
    page = client.get(f"/themes/{themes['Exports'].id}").get_data(as_text=True)
    insider = role in ("pm", "executive", "admin")
    assert ("Value for effort" in index.get_data(as_text=True)) == insider
    assert ("3 points" in page) == insider
    assert ('data-testid="effort-form"' in page) == (role in ("pm", "admin"))
    assert client.get("/themes/?by=value").status_code == (200 if insider else 404)
    assert client.get("/themes/?by=nonsense").status_code == 404


def test_value_for_effort_ranks_sized_themes_by_score_per_point(client, as_role, themes):
    as_role("pm")
    size(client, themes["Exports"], "xl")   # 6 backers / 8 points
    size(client, themes["Dark mode"], "s")  # 4 backers / 2 points
    by_score = client.get("/themes/").get_data(as_text=True)
    assert titles(by_score) == ["Exports", "Dark mode", "Offline"]
    by_value = client.get("/themes/?by=value").get_data(as_text=True)
    assert titles(by_value) == ["Dark mode", "Exports", "Offline"]  # the unsized one last
    scores = [float(x) for x in re.findall(r'<td class="num">([0-9.]+)</td>\s*<td class="nowrap"', by_value)]
    values = re.findall(r'data-testid="theme-row-value">([^<]*)<', by_value)
    assert values[2] == "—"
    assert float(values[0]) == pytest.approx(scores[0] / 2, abs=0.06) and float(values[1]) == pytest.approx(scores[1] / 8, abs=0.06)
    assert 'aria-current="page">Value for effort' in by_value

"""ETAs: the month PMs expect a theme or idea to ship, shown on the roadmap while it is still to ship."""
import re
from datetime import date

import pytest
from sqlalchemy import select

from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.models import AuditEvent, Idea, IdeaStatus, Theme
from ideabox.roadmap.services import parse_month, set_eta
from tests.conftest import ROLES, login
from tests.factories import make_idea
from tests.factories_notifications import notifications_for, outbox_for
from tests.factories_roadmap import back, make_theme, ship


def text_of(response):
    return " ".join(response.get_data(as_text=True).split())


def eta_of(model, item_id):
    db.session.expire_all()
    return db.session.get(model, item_id).eta


@pytest.fixture
def planned(board, customer):
    return make_idea(board, customer, title="Offline mode", status=IdeaStatus.PLANNED)


@pytest.mark.parametrize("text, month", [("2097-03", date(2097, 3, 1)), (" 2030-12 ", date(2030, 12, 1)), ("", None)])
def test_a_month_reads_as_its_first_day(text, month):
    assert parse_month(text) == month


@pytest.mark.parametrize("text", ["2097-13", "2097-00", "1999-12", "March 2097", "2097-3", "2097-03-15"])
def test_anything_but_a_month_is_refused(text):
    with pytest.raises(DomainError, match="YYYY-MM"):
        parse_month(text)


def test_staff_set_and_clear_an_eta_on_the_record(planned, pm):
    assert set_eta(planned, "2097-03", pm) == date(2097, 3, 1)
    set_eta(planned, "2097-03", pm)  # the same month again changes nothing and logs nothing
    assert set_eta(planned, "", pm) is None
    db.session.commit()
    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "eta_set").order_by(AuditEvent.id)).all()
    assert [event.details["eta"] for event in events] == ["2097-03", None]
    assert eta_of(Idea, planned.id) is None


@pytest.mark.parametrize("who", ["customer", "executive"])
def test_only_staff_set_an_eta(request, planned, who):
    with pytest.raises(PermissionDenied):
        set_eta(planned, "2097-03", request.getfixturevalue(who))
    assert eta_of(Idea, planned.id) is None


def test_a_merged_idea_takes_its_primary_s_eta(board, customer, planned, pm):
    duplicate = make_idea(board, customer, title="Work without signal")
    merge_ideas(planned, [duplicate], pm)
    with pytest.raises(DomainError, match="merged"):
        set_eta(duplicate, "2097-03", pm)


@pytest.mark.parametrize("role", ROLES)
def test_only_pms_and_admins_post_an_eta(client, as_role, planned, role):
    as_role(role)
    response = client.post_form(f"/roadmap/idea/{planned.id}/eta", {"eta": "2097-03"})
    if role in ("pm", "admin"):
        assert response.status_code == 303 and response.headers["Location"] == f"/ideas/{planned.id}"
        assert eta_of(Idea, planned.id) == date(2097, 3, 1)
    else:
        if role == "anonymous":
            assert response.status_code == 302 and "/auth/login" in response.headers["Location"]
        else:
            assert response.status_code == 403
        assert eta_of(Idea, planned.id) is None


def test_a_bad_month_is_refused_with_its_reason_and_keeps_the_eta(client, planned, pm):
    set_eta(planned, "2097-03", pm)
    db.session.commit()
    login(client, pm)
    page = text_of(client.post_form(f"/roadmap/idea/{planned.id}/eta", {"eta": "someday"}, follow_redirects=True))
    [example] = re.findall(r"Give the month as YYYY-MM, for example (\d{4}-\d{2})\.", page)
    assert example > date.today().isoformat()[:7]  # an example month that has not passed
    assert eta_of(Idea, planned.id) == date(2097, 3, 1)


def test_unknown_items_are_not_found_and_the_form_needs_csrf(client, planned, pm):
    login(client, pm)
    assert client.post_form("/roadmap/idea/999999/eta", {"eta": "2097-03"}).status_code == 404
    assert client.post_form(f"/roadmap/gadget/{planned.id}/eta", {"eta": "2097-03"}).status_code == 404
    assert client.post(f"/roadmap/idea/{planned.id}/eta", data={"eta": "2097-03"}).status_code == 400
    assert eta_of(Idea, planned.id) is None


def test_everyone_sees_the_eta_until_it_ships(client, board, customer, planned, pm):
    theme = make_theme("Single sign-on", [make_idea(board, customer, title="Okta login")], IdeaStatus.IN_PROGRESS)
    set_eta(planned, "2097-03", pm)
    set_eta(theme, "2097-06", pm)
    db.session.commit()
    roadmap = text_of(client.get("/roadmap"))
    assert "ETA Mar 2097" in roadmap and "ETA Jun 2097" in roadmap
    assert "ETA Mar 2097" in text_of(client.get(f"/ideas/{planned.id}"))
    assert "ETA Jun 2097" in text_of(client.get(f"/roadmap/themes/{theme.id}"))
    ship(planned)
    assert "ETA Mar 2097" not in text_of(client.get("/roadmap"))


def test_staff_set_a_theme_s_eta_from_its_page(client, board, customer, admin):
    theme = make_theme("Dark mode", [make_idea(board, customer, title="Night theme")], IdeaStatus.PLANNED)
    login(client, admin)
    page = text_of(client.get(f"/themes/{theme.id}"))
    assert f'action="/roadmap/theme/{theme.id}/eta"' in page
    response = client.post_form(f"/roadmap/theme/{theme.id}/eta", {"eta": "2097-01", "next": f"/themes/{theme.id}"})
    assert response.headers["Location"] == f"/themes/{theme.id}"
    assert eta_of(Theme, theme.id) == date(2097, 1, 1)
    assert "Expected in Jan 2097." in text_of(client.get(f"/themes/{theme.id}"))
    log = text_of(client.get("/merging/audit"))
    assert f'set the ETA of <a href="/themes/{theme.id}">' in log and "<strong>2097-01</strong>" in log


def test_the_form_never_sends_people_off_the_site(client, planned, pm):
    login(client, pm)
    response = client.post_form(f"/roadmap/idea/{planned.id}/eta", {"eta": "2097-03", "next": "https://evil.example/"})
    assert response.headers["Location"] == f"/ideas/{planned.id}"


def test_backers_hear_when_the_eta_is_set_or_moves(app, planned, pm):
    [backer] = back(planned)
    with app.test_request_context():
        set_eta(planned, "2097-03", pm)
        set_eta(planned, "2097-03", pm)  # the same month again: no news
        set_eta(planned, "2097-05", pm)
        set_eta(planned, "", pm)  # cleared: the status change that goes with it says why
    db.session.commit()
    assert [n.message for n in notifications_for(backer, "eta")] == [
        "“Offline mode” is expected in Mar 2097.", "“Offline mode” is now expected in May 2097 (was Mar 2097)."]
    assert outbox_for(backer) == [] and notifications_for(pm) == []


def test_a_themes_backers_hear_of_its_eta(app, board, customer, pm):
    idea = make_idea(board, customer, title="Work offline")
    theme = make_theme("Offline", [idea], IdeaStatus.PLANNED)
    [backer] = back(idea)
    with app.test_request_context():
        set_eta(theme, "2097-01", pm)
    db.session.commit()
    [told] = notifications_for(backer, "eta")
    assert told.message == "“Offline” is expected in Jan 2097." and told.link == f"/roadmap/themes/{theme.id}"

"""A new ETA must not be a month that has passed where the PM is; one set earlier that has passed since shows
as overdue and stays until a PM changes it."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import func, select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import change_status, set_effort
from ideabox.models import AuditEvent, Idea, IdeaStatus, Theme, utcnow
from ideabox.roadmap.services import current_month, set_eta
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_roadmap import make_theme

NEW_YEARS_EVE = datetime(2026, 12, 31, 12, 0, tzinfo=timezone.utc)  # already 1 January 2027 at UTC+14


def text_of(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def eta_of(model, item_id):
    db.session.expire_all()
    return db.session.get(model, item_id).eta


def this_month() -> str:
    return current_month("UTC").strftime("%Y-%m")


@pytest.fixture
def planned(board, customer):
    return make_idea(board, customer, title="Offline mode", status=IdeaStatus.PLANNED)


@pytest.fixture
def overdue(board, customer):
    """An idea whose ETA, set when it was still ahead, has passed."""
    return make_idea(board, customer, title="Dark mode", status=IdeaStatus.IN_PROGRESS, eta=date(2020, 1, 1))


def test_a_month_that_has_passed_is_refused(planned, pm):
    with pytest.raises(DomainError, match="Jan 2020 has passed: choose this month or a later one"):
        set_eta(planned, "2020-01", pm)
    assert eta_of(Idea, planned.id) is None and db.session.scalar(select(func.count()).select_from(AuditEvent)) == 0
    assert set_eta(planned, this_month(), pm) == current_month("UTC")
    assert set_eta(planned, "2099-12", pm) == date(2099, 12, 1)


@pytest.mark.parametrize("zone, december", [("UTC", True), ("America/Los_Angeles", True), ("Pacific/Kiritimati", False),
                                            ("Mars/Olympus_Mons", True)])  # a zone that is no longer known: UTC
def test_this_month_is_the_pm_s(planned, zone, december):
    pm = make_user(role="pm", timezone=zone)
    if december:
        assert set_eta(planned, "2026-12", pm, now=NEW_YEARS_EVE) == date(2026, 12, 1)
    else:
        with pytest.raises(DomainError, match="Dec 2026 has passed"):
            set_eta(planned, "2026-12", pm, now=NEW_YEARS_EVE)
        assert set_eta(planned, "2027-01", pm, now=NEW_YEARS_EVE) == date(2027, 1, 1)


def test_an_eta_that_has_passed_stays_until_changed(overdue, pm):
    assert set_eta(overdue, "2020-01", pm) == date(2020, 1, 1)  # the form sends it back unchanged: fine
    with pytest.raises(DomainError, match="Feb 2020 has passed"):
        set_eta(overdue, "2020-02", pm)
    assert set_eta(overdue, "", pm) is None  # clearing it is always possible


def test_the_form_shows_the_refused_month_and_why(client, planned, pm):
    set_eta(planned, "2099-03", pm)
    db.session.commit()
    login(client, pm)
    response = client.post_form(f"/roadmap/idea/{planned.id}/eta", {"eta": "2020-01", "next": f"/ideas/{planned.id}"})
    assert response.status_code == 422
    page = text_of(response)
    form = page.split('data-testid="eta-form"')[1].split("</form>")[0]
    assert 'value="2020-01"' in form and 'aria-invalid="true"' in form
    assert "Jan 2020 has passed: choose this month or a later one, or leave the ETA empty." in form
    assert f'name="next" value="/ideas/{planned.id}"' in form  # not the URL the refused form was posted to
    assert eta_of(Idea, planned.id) == date(2099, 3, 1)
    assert "Expected in Jan 2020." not in page


def test_a_theme_s_form_refuses_it_in_place_too(client, board, customer, admin):
    theme = make_theme("Single sign-on", [make_idea(board, customer, title="Okta login")], IdeaStatus.PLANNED)
    login(client, admin)
    response = client.post_form(f"/roadmap/theme/{theme.id}/eta", {"eta": "2021-06", "next": f"/themes/{theme.id}"})
    assert response.status_code == 422
    form = text_of(response).split('data-testid="eta-form"')[1].split("</form>")[0]
    assert 'value="2021-06"' in form and "Jun 2021 has passed" in form
    assert eta_of(Theme, theme.id) is None


def test_the_month_picker_starts_at_this_month_or_at_the_old_eta(client, planned, overdue, pm):
    login(client, pm)
    assert f'min="{this_month()}"' in text_of(client.get(f"/ideas/{planned.id}"))
    assert 'min="2020-01"' in text_of(client.get(f"/ideas/{overdue.id}"))


def test_an_overdue_eta_reads_so_and_breaks_nothing(client, overdue, planned, pm):
    planned.eta = current_month("UTC")
    db.session.commit()
    roadmap = text_of(client.get("/roadmap"))
    assert "ETA Jan 2020, overdue" in roadmap
    assert f"ETA {utcnow():%b %Y}<" in roadmap  # this month is not overdue yet
    assert "ETA Jan 2020, overdue" in text_of(client.get(f"/ideas/{overdue.id}"))
    login(client, pm)
    response = client.post_form(f"/roadmap/idea/{overdue.id}/eta", {"eta": "2020-01"})
    assert response.status_code == 303 and eta_of(Idea, overdue.id) == date(2020, 1, 1)
    set_effort(overdue, "m", pm)
    change_status(overdue, IdeaStatus.PLANNED, pm, note="Replanned.")
    db.session.commit()
    assert eta_of(Idea, overdue.id) == date(2020, 1, 1)
    assert "ETA Jan 2020, overdue" in text_of(client.get("/roadmap"))

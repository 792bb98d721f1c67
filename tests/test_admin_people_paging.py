"""Admin → People keeps the admin's place: after suspending, erasing or giving someone another role on a page
of the list (searched or filtered, or not), they are back on that page, where the row they changed is."""
import pytest

from ideabox.auth.invitations import invite
from ideabox.extensions import db
from ideabox.models import Role, User
from tests.conftest import login
from tests.factories import make_user


@pytest.fixture
def people(client, admin):
    """Sixty customers, newest first on the list as on the page: 25 a page, so the list has three pages."""
    everyone = [make_user(email=f"person{n:02d}@example.com", display_name=f"Person {n:02d}") for n in range(60)]
    login(client, admin)
    return everyone


def rows_of(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def on_page(client, url, person) -> bool:
    return f'data-email="{person.email}"' in rows_of(client, url)


def test_suspending_someone_on_page_3_comes_back_to_page_3(client, people):
    person = people[9]  # the 52nd of 61 (the admin is the oldest)
    assert on_page(client, "/admin/users?page=3", person)
    response = client.post_form(f"/admin/users/{person.id}/suspension?page=3", {"suspended": "1"})
    assert response.status_code == 303 and response.location == "/admin/users?page=3"
    page = rows_of(client, response.location)
    assert f"{person.display_name} is suspended and can no longer sign in." in page
    row = page[page.index(f'data-email="{person.email}"'):]
    assert row.index("Suspended") < row.index("</tr>")
    back = client.post_form(f"/admin/users/{person.id}/suspension?page=3", {"suspended": "0"})
    assert back.location == "/admin/users?page=3"


def test_a_role_change_keeps_the_search_the_role_and_the_page(client, people):
    person = people[20]  # the 40th customer
    url = "/admin/users?q=person&role=customer&page=2"
    assert on_page(client, url, person)
    response = client.post_form(f"/admin/users/{person.id}/role?q=person&role=customer&page=2", {"role": "pm"})
    assert response.status_code == 303 and response.location == url
    assert db.session.get(User, person.id).role == Role.PM
    assert "Person 20 is now Product manager." in rows_of(client, url)


def test_erasing_someone_keeps_the_page(client, people):
    person = people[5]
    response = client.post_form(f"/admin/users/{person.id}/erase?page=3", {})
    assert response.location == "/admin/users?page=3"
    page = rows_of(client, response.location)
    assert f'data-email="{db.session.get(User, person.id).email}"' in page and 'data-testid="erased"' in page


def test_a_page_the_change_emptied_gives_way_to_the_last_one(client, people):
    """26 customers: the 26th alone on page 2 of the customers. Suspended, it stays there; made a PM, it leaves
    the list and page 2 with it."""
    for person in people[26:]:
        db.session.delete(person)
    db.session.commit()
    oldest = people[0]
    assert on_page(client, "/admin/users?role=customer&page=2", oldest)
    suspended = client.post_form(f"/admin/users/{oldest.id}/suspension?role=customer&page=2", {"suspended": "1"})
    assert suspended.location == "/admin/users?role=customer&page=2"
    response = client.post_form(f"/admin/users/{oldest.id}/role?role=customer&page=2", {"role": "pm"})
    assert response.location == "/admin/users?role=customer"
    assert "Person 00 is now Product manager." in rows_of(client, response.location)
    assert client.get("/admin/users?role=customer&page=2").location == "/admin/users?role=customer"  # the last page


def test_a_refused_change_comes_back_to_the_page_too(client, people):
    response = client.post_form(f"/admin/users/{people[0].id}/role?page=3", {"role": "overlord"})
    assert response.status_code == 303 and response.location == "/admin/users?page=3"
    assert "Unknown role" in rows_of(client, response.location)


def test_revoking_an_invitation_keeps_the_page(client, people, admin):
    invitation = invite(admin, "newcomer@example.com", Role.PM)
    db.session.commit()
    response = client.post_form(f"/admin/invitations/{invitation.id}/revoke?page=2", {})
    assert response.status_code == 303 and response.location == "/admin/users?page=2"

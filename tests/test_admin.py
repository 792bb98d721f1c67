"""Administration: boards, tags, customer accounts, roles and suspensions — services, routes and who may use them."""
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from ideabox.admin import services
from ideabox.errors import FieldError
from ideabox.errors import DomainError, PermissionDenied
from ideabox.extensions import db
from ideabox.models import AuditEvent, Board, CustomerAccount, Idea, ProxyVote, Role, Tag, User
from tests import factories
from tests.conftest import ROLES, login


@pytest.fixture(autouse=True)
def default_locale(app):
    """Services translate their messages; outside a request there is no browser language to pick."""
    with force_locale("en"):
        yield


def count(model) -> int:
    return db.session.scalar(select(func.count(model.id)))


def audit_actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def flashes(client) -> str:
    """The text of the page a redirect leads to (where its flash message shows)."""
    return client.get("/admin/").get_data(as_text=True)


# --- services, without HTTP ---------------------------------------------------------------


def test_save_board_creates_and_updates(app, pm):
    board = services.save_board(pm, None, name=" Mobile app ", slug="mobile-app", description="iOS and Android", is_private=True)
    db.session.commit()
    assert (board.name, board.slug, board.description, board.is_private) == ("Mobile app", "mobile-app", "iOS and Android", True)
    services.save_board(pm, board, name="Mobile", slug="mobile-app", description="", is_private=False)
    assert (board.name, board.is_private) == ("Mobile", False)
    assert audit_actions() == ["board.saved", "board.saved"]


@pytest.mark.parametrize(
    "fields, field",
    [
        (dict(name="", slug="ok"), "name"),
        (dict(name="N" * 81, slug="ok"), "name"),
        (dict(name="Web", slug=""), "slug"),
        (dict(name="Web", slug="Has Spaces"), "slug"),
        (dict(name="Web", slug="-leading"), "slug"),
        (dict(name="Web", slug="double--hyphen"), "slug"),
        (dict(name="Web", slug="ünïcode"), "slug"),
        (dict(name="Web", slug="s" * 61), "slug"),
        (dict(name="Web", slug="web", description="d" * 2001), "description"),
    ],
)
def test_save_board_refuses_bad_input(app, pm, fields, field):
    with pytest.raises(FieldError) as refused:
        services.save_board(pm, None, **fields)
    assert refused.value.field == field
    db.session.rollback()
    assert count(Board) == 0


def test_save_board_refuses_a_slug_in_use_but_keeps_its_own(app, pm, board):
    with pytest.raises(FieldError, match="already used"):
        services.save_board(pm, None, name="Another", slug="mobile")
    db.session.rollback()
    assert services.save_board(pm, board, name="Renamed", slug="mobile").name == "Renamed"


@pytest.mark.parametrize("role", ["customer", "executive"])
def test_only_staff_manage_boards_tags_and_accounts(app, board, role):
    actor = factories.make_user(role=role)
    tag = factories.make_tag()
    account = factories.make_customer_account()
    for attempt in (
        lambda: services.save_board(actor, None, name="X", slug="x"),
        lambda: services.delete_board(actor, board),
        lambda: services.save_tag(actor, None, name="X", slug="x"),
        lambda: services.delete_tag(actor, tag),
        lambda: services.save_customer_account(actor, None, name="X"),
        lambda: services.attach_user(actor, account, actor.email),
        lambda: services.delete_customer_account(actor, account),
    ):
        with pytest.raises(PermissionDenied):
            attempt()


def test_delete_board_refuses_while_it_has_ideas(app, pm, board, customer):
    factories.make_idea(board, customer)
    with pytest.raises(DomainError, match="still has 1 ideas"):
        services.delete_board(pm, board)
    db.session.rollback()
    assert count(Board) == 1 and count(Idea) == 1


def test_delete_board_removes_an_empty_board(app, pm, board):
    services.delete_board(pm, board)
    db.session.commit()
    assert count(Board) == 0 and audit_actions() == ["board.deleted"]


def test_save_tag_and_delete_it_keeps_the_ideas(app, pm, board, customer):
    tag = services.save_tag(pm, None, name="Reporting", slug="reporting", color="#FF0000")
    assert tag.color == "#ff0000"
    idea = factories.make_idea(board, customer, tags=[tag])
    services.delete_tag(pm, tag)
    db.session.commit()
    db.session.expire_all()
    assert count(Tag) == 0 and db.session.get(Idea, idea.id).tags == []


@pytest.mark.parametrize(
    "fields, field",
    [
        (dict(name="", slug="ok"), "name"),
        (dict(name="T" * 41, slug="ok"), "name"),
        (dict(name="Tag", slug="Bad_Slug"), "slug"),
        (dict(name="Tag", slug="ok", color="red"), "color"),
        (dict(name="Tag", slug="ok", color="#12345"), "color"),
    ],
)
def test_save_tag_refuses_bad_input(app, pm, fields, field):
    with pytest.raises(FieldError) as refused:
        services.save_tag(pm, None, **fields)
    assert refused.value.field == field


def test_save_tag_refuses_a_duplicate_slug(app, pm):
    factories.make_tag(name="Integrations")
    with pytest.raises(FieldError, match="already used"):
        services.save_tag(pm, None, name="Other", slug="integrations")


def test_save_customer_account(app, pm):
    account = services.save_customer_account(pm, None, name=" Acme ", segment=" ", annual_revenue=250_000)
    assert (account.name, account.segment, account.annual_revenue) == ("Acme", None, 250_000)
    services.save_customer_account(pm, account, name="Acme Inc", segment="Enterprise", annual_revenue=None)
    assert (account.name, account.segment, account.annual_revenue) == ("Acme Inc", "Enterprise", None)


@pytest.mark.parametrize(
    "fields, field",
    [
        (dict(name=""), "name"),
        (dict(name="A" * 121), "name"),
        (dict(name="Beta", segment="S" * 61), "segment"),
        (dict(name="Beta", annual_revenue=-1), "annual_revenue"),
        (dict(name="Beta", annual_revenue="lots"), "annual_revenue"),
        (dict(name="acme corp"), "name"),
    ],
)
def test_save_customer_account_refuses_bad_input(app, pm, fields, field):
    factories.make_customer_account(name="Acme Corp")
    with pytest.raises(FieldError) as refused:
        services.save_customer_account(pm, None, **fields)
    assert refused.value.field == field


def test_attach_and_detach_users(app, pm, customer):
    acme = factories.make_customer_account(name="Acme")
    globex = factories.make_customer_account(name="Globex")
    assert services.attach_user(pm, acme, " CASEY@example.com ") == customer
    assert customer.customer_account == acme
    services.attach_user(pm, globex, customer.email)
    assert customer.customer_account == globex
    with pytest.raises(DomainError, match="not a member"):
        services.detach_user(pm, acme, customer)
    services.detach_user(pm, globex, customer)
    assert customer.customer_account is None


def test_attach_user_refuses_an_unknown_email(app, pm):
    with pytest.raises(FieldError, match="No one has signed up with ghost@example.com"):
        services.attach_user(pm, factories.make_customer_account(), "ghost@example.com")


def test_delete_customer_account_keeps_its_people(app, pm, customer):
    account = factories.make_customer_account()
    customer.customer_account = account
    db.session.commit()
    services.delete_customer_account(pm, account)
    db.session.commit()
    db.session.refresh(customer)
    assert count(CustomerAccount) == 0 and customer.customer_account_id is None and count(User) == 2


def test_delete_customer_account_refuses_when_demand_is_recorded(app, pm, board, customer):
    account = factories.make_customer_account()
    idea = factories.make_idea(board, customer)
    db.session.add(ProxyVote(idea_id=idea.id, customer_account_id=account.id, recorded_by_id=pm.id, note="call"))
    db.session.commit()
    with pytest.raises(DomainError, match="recorded on 1 ideas"):
        services.delete_customer_account(pm, account)


def test_change_role_is_for_admins_only_and_is_audited(app, admin, pm, customer):
    with pytest.raises(PermissionDenied):
        services.change_role(pm, customer, Role.PM)
    services.change_role(admin, customer, Role.EXECUTIVE)
    assert customer.role == Role.EXECUTIVE
    event = db.session.scalar(select(AuditEvent))
    assert (event.action, event.actor_id, event.subject_type, event.subject_id) == ("user.role_changed", admin.id, "users", customer.id)


def test_admins_cannot_change_their_own_role(app, admin):
    factories.make_user(role="admin")
    with pytest.raises(DomainError, match="own role"):
        services.change_role(admin, admin, Role.CUSTOMER)
    assert admin.role == Role.ADMIN


def test_the_last_admin_cannot_be_demoted(app, admin):
    other = factories.make_user(role="admin")
    other.is_suspended = True
    db.session.commit()
    # `other` is suspended, so `admin` is the last active admin; demoting them via another path is refused.
    with pytest.raises(DomainError, match="last administrator"):
        services.accounts.set_role(admin, Role.PM, actor=other)


def test_suspend_and_unsuspend_are_audited(app, admin, customer):
    services.set_suspended(admin, customer, True)
    assert customer.is_suspended and not customer.is_active
    services.set_suspended(admin, customer, True)  # already suspended: nothing more happens
    services.set_suspended(admin, customer, False)
    assert not customer.is_suspended
    assert audit_actions() == ["user.suspended", "user.unsuspended"]


def test_suspension_rules(app, admin, pm, customer):
    with pytest.raises(PermissionDenied):
        services.set_suspended(pm, customer, True)
    with pytest.raises(DomainError, match="suspend yourself"):
        services.set_suspended(admin, admin, True)
    assert not customer.is_suspended and not admin.is_suspended


# --- who may open what ----------------------------------------------------------------------

STAFF_PAGES = ["/admin/", "/admin/boards", "/admin/boards/new", "/admin/tags", "/admin/tags/new", "/admin/accounts", "/admin/accounts/new"]
ADMIN_PAGES = ["/admin/users"]
EXPECTED = {
    "customer": {"staff": 403, "admin": 403},
    "executive": {"staff": 403, "admin": 403},
    "pm": {"staff": 200, "admin": 403},
    "admin": {"staff": 200, "admin": 200},
}


@pytest.mark.parametrize("role", ROLES)
def test_role_matrix_for_admin_pages(client, as_role, role, board):
    as_role(role)
    tag = factories.make_tag()
    account = factories.make_customer_account()
    staff_pages = [*STAFF_PAGES, f"/admin/boards/{board.id}/edit", f"/admin/tags/{tag.id}/edit", f"/admin/accounts/{account.id}"]
    for kind, urls in (("staff", staff_pages), ("admin", ADMIN_PAGES)):
        for url in urls:
            response = client.get(url)
            if role == "anonymous":
                assert response.status_code == 302, url
                assert parse_qs(urlsplit(response.location).query)["next"] == [url], url
            else:
                assert response.status_code == EXPECTED[role][kind], (url, role)


def post_routes(board, tag, account, member):
    """Every admin POST, with data that would change something if it were allowed."""
    return [
        ("staff", "/admin/boards/new", {"name": "New", "slug": "new-board"}),
        ("staff", f"/admin/boards/{board.id}/edit", {"name": "Hijacked", "slug": board.slug}),
        ("staff", f"/admin/boards/{board.id}/delete", {}),
        ("staff", "/admin/tags/new", {"name": "New", "slug": "new-tag", "color": "#000000"}),
        ("staff", f"/admin/tags/{tag.id}/edit", {"name": "Hijacked", "slug": tag.slug, "color": "#000000"}),
        ("staff", f"/admin/tags/{tag.id}/delete", {}),
        ("staff", "/admin/accounts/new", {"name": "Newco"}),
        ("staff", f"/admin/accounts/{account.id}", {"name": "Hijacked"}),
        ("staff", f"/admin/accounts/{account.id}/members", {"email": "olive@example.com"}),
        ("staff", f"/admin/accounts/{account.id}/members/{member.id}/remove", {}),
        ("staff", f"/admin/accounts/{account.id}/delete", {}),
        ("admin", f"/admin/users/{member.id}/role", {"role": "admin"}),
        ("admin", f"/admin/users/{member.id}/suspension", {"suspended": "1"}),
    ]


def snapshot():
    """Everything the admin POSTs could change."""
    return (
        sorted((b.name, b.slug) for b in db.session.scalars(select(Board))),
        sorted((t.name, t.slug) for t in db.session.scalars(select(Tag))),
        sorted(a.name for a in db.session.scalars(select(CustomerAccount))),
        sorted((u.email, u.role.value, u.is_suspended, u.customer_account_id) for u in db.session.scalars(select(User))),
    )


@pytest.fixture
def targets(app, board, customer, other_customer):
    tag = factories.make_tag()
    account = factories.make_customer_account()
    customer.customer_account = account
    db.session.commit()
    return board, tag, account, customer


@pytest.mark.parametrize("role", ["anonymous", "customer", "executive", "pm"])
def test_refused_roles_change_nothing_through_admin_posts(client, as_role, targets, role):
    as_role(role)
    before = snapshot()
    for kind, url, data in post_routes(*targets):
        if role == "pm" and kind == "staff":
            continue
        response = client.post_form(url, data)
        expected = 302 if role == "anonymous" else 403
        assert response.status_code == expected, (url, role)
        db.session.expire_all()
        assert snapshot() == before, url


@pytest.mark.parametrize("role", ["pm", "admin"])
def test_staff_may_use_every_staff_post(client, as_role, targets, role):
    as_role(role)
    for kind, url, data in post_routes(*targets):
        if kind == "admin" and role != "admin":
            continue
        response = client.post_form(url, data)
        assert response.status_code == 303, (url, response.get_data(as_text=True)[:300])


def test_every_admin_post_without_csrf_token_is_refused(client, targets, admin):
    login(client, admin)
    before = snapshot()
    for _kind, url, data in post_routes(*targets):
        assert client.post(url, data=data).status_code == 400, url
    db.session.expire_all()
    assert snapshot() == before


@pytest.mark.parametrize(
    "method, url",
    [
        ("get", "/admin/boards/999/edit"),
        ("post", "/admin/boards/999/edit"),
        ("post", "/admin/boards/999/delete"),
        ("get", "/admin/tags/999/edit"),
        ("post", "/admin/tags/999/delete"),
        ("get", "/admin/accounts/999"),
        ("post", "/admin/accounts/999/members"),
        ("post", "/admin/accounts/999/delete"),
        ("post", "/admin/accounts/999/members/999/remove"),
        ("post", "/admin/users/999/role"),
        ("post", "/admin/users/999/suspension"),
        ("get", "/admin/boards/abc/edit"),
    ],
)
def test_unknown_ids_and_pages_are_404(client, admin, method, url):
    login(client, admin)
    response = client.get(url) if method == "get" else client.post_form(url, {"role": "pm", "name": "x"})
    assert response.status_code == 404


# --- pages through HTTP --------------------------------------------------------------------


def test_dashboard_shows_counts_links_and_recent_activity(client, admin, board, customer):
    factories.make_idea(board, customer)
    factories.make_customer_account()
    services.change_role(admin, customer, Role.PM)
    db.session.commit()
    login(client, admin)
    page = client.get("/admin/").get_data(as_text=True)
    assert re.search(r'data-testid="count-boards">1<', page)
    assert re.search(r'data-testid="count-users">2<', page)
    assert re.search(r'data-testid="count-ideas">1<', page)
    assert re.search(r'data-testid="count-accounts">1<', page)
    for link in ("/admin/boards", "/admin/tags", "/admin/accounts", "/admin/users"):
        assert f'href="{link}"' in page
    event = page.split('data-testid="audit-event"')[1]
    assert "Ada Admin" in event and "changed the role of" in event and "casey@example.com" in event and "Product manager" in event


def test_pm_dashboard_has_no_link_to_people(client, pm):
    login(client, pm)
    page = client.get("/admin/").get_data(as_text=True)
    assert 'href="/admin/users"' not in page and 'href="/admin/boards"' in page


def test_boards_page_lists_boards_with_idea_counts(client, pm, board, private_board, customer):
    factories.make_idea(board, customer)
    factories.make_idea(board, customer)
    login(client, pm)
    page = client.get("/admin/boards").get_data(as_text=True)
    rows = page.split('data-testid="board-row"')[1:]
    assert len(rows) == 2
    assert "Internal" in rows[0] and "Private" in rows[0] and ">0<" in rows[0]
    assert "Mobile app" in rows[1] and "Public" in rows[1] and ">2<" in rows[1]


def test_boards_page_paginates(client, pm):
    for n in range(27):
        db.session.add(Board(name=f"Board {n:02d}", slug=f"board-{n:02d}"))
    db.session.commit()
    login(client, pm)
    first = client.get("/admin/boards").get_data(as_text=True)
    second = client.get("/admin/boards?page=2").get_data(as_text=True)
    assert first.count('data-testid="board-row"') == 25 and second.count('data-testid="board-row"') == 2
    assert 'href="/admin/boards?page=2"' in first and "Board 26" in second


def test_create_board_through_the_form(client, pm):
    login(client, pm)
    data = {"name": "Web app", "slug": "web-app", "description": "The browser version", "is_private": "y"}
    response = client.post_form("/admin/boards/new", data)
    assert response.status_code == 303 and response.location == "/admin/boards"
    board = db.session.scalar(select(Board))
    assert (board.name, board.slug, board.description, board.is_private) == ("Web app", "web-app", "The browser version", True)
    assert "Board “Web app” is saved." in client.get("/admin/boards").get_data(as_text=True)


def test_edit_board_through_the_form(client, pm, board):
    login(client, pm)
    form = client.get(f"/admin/boards/{board.id}/edit").get_data(as_text=True)
    assert 'value="Mobile app"' in form and 'value="mobile"' in form
    client.post_form(f"/admin/boards/{board.id}/edit", {"name": "Phones", "slug": "phones"})
    db.session.refresh(board)
    assert (board.name, board.slug, board.is_private) == ("Phones", "phones", False)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "slug": "web"}, "Enter a name."),
        ({"name": "N" * 81, "slug": "web"}, "Use at most 80 characters."),
        ({"name": "Web", "slug": ""}, "Choose the address used in links."),
        ({"name": "Web", "slug": "Web App"}, "Lowercase letters, digits and hyphens"),
        ({"name": "Web", "slug": "mobile"}, "The address “mobile” is already used."),
        ({"name": "Web", "slug": "web", "description": "d" * 2001}, "Use at most 2000 characters."),
    ],
)
def test_board_form_refuses_bad_input(client, pm, board, data, message):
    login(client, pm)
    response = client.post_form("/admin/boards/new", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert count(Board) == 1


def test_delete_board_through_http(client, pm, board, customer):
    other = factories.make_board(name="Empty", slug="empty")
    factories.make_idea(board, customer)
    login(client, pm)
    assert client.post_form(f"/admin/boards/{other.id}/delete").status_code == 303
    response = client.post_form(f"/admin/boards/{board.id}/delete", follow_redirects=True)
    assert "still has 1 ideas" in response.get_data(as_text=True)
    assert [b.slug for b in db.session.scalars(select(Board))] == ["mobile"]


def test_tags_crud_through_http(client, pm, board, customer):
    login(client, pm)
    response = client.post_form("/admin/tags/new", {"name": "Reporting", "slug": "reporting", "color": "#10b981"})
    assert response.status_code == 303
    tag = db.session.scalar(select(Tag))
    factories.make_idea(board, customer, tags=[tag])
    page = client.get("/admin/tags").get_data(as_text=True)
    assert "Reporting" in page and ">1<" in page
    client.post_form(f"/admin/tags/{tag.id}/edit", {"name": "Reports", "slug": "reports", "color": "#10b981"})
    db.session.refresh(tag)
    assert (tag.name, tag.slug) == ("Reports", "reports")
    assert client.post_form(f"/admin/tags/{tag.id}/delete").status_code == 303
    assert count(Tag) == 0 and count(Idea) == 1


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": "", "slug": "x", "color": "#000000"}, "Enter a name."),
        ({"name": "X", "slug": "x", "color": "blue"}, "Use a colour like #6366f1."),
        ({"name": "X", "slug": "integrations", "color": "#000000"}, "already used"),
        ({"name": "X" * 41, "slug": "x", "color": "#000000"}, "Use at most 40 characters."),
    ],
)
def test_tag_form_refuses_bad_input(client, pm, data, message):
    factories.make_tag(name="Integrations")
    login(client, pm)
    response = client.post_form("/admin/tags/new", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert count(Tag) == 1


def test_users_page_searches_and_filters(client, admin, customer, other_customer, pm):
    login(client, admin)
    everyone = client.get("/admin/users").get_data(as_text=True)
    assert everyone.count('data-testid="user-row"') == 4
    by_name = client.get("/admin/users?q=olive").get_data(as_text=True)
    assert by_name.count('data-testid="user-row"') == 1 and "olive@example.com" in by_name
    by_email = client.get("/admin/users?q=CASEY@EX").get_data(as_text=True)
    assert 'data-email="casey@example.com"' in by_email and by_email.count('data-testid="user-row"') == 1
    pms = client.get("/admin/users?role=pm").get_data(as_text=True)
    assert pms.count('data-testid="user-row"') == 1 and "Pat PM" in pms
    nobody = client.get("/admin/users?q=zzz").get_data(as_text=True)
    assert "No one matches" in nobody


def test_users_page_paginates(client, admin):
    for n in range(30):
        factories.make_user(email=f"person{n:02d}@example.com")
    login(client, admin)
    first = client.get("/admin/users").get_data(as_text=True)
    assert first.count('data-testid="user-row"') == 25
    assert client.get("/admin/users?page=2").get_data(as_text=True).count('data-testid="user-row"') == 6


def test_admin_changes_a_role_and_keeps_the_search(client, admin, customer):
    login(client, admin)
    response = client.post_form(f"/admin/users/{customer.id}/role?q=casey", {"role": "pm"})
    assert response.status_code == 303 and response.location == "/admin/users?q=casey"
    db.session.refresh(customer)
    assert customer.role == Role.PM
    assert "Casey Customer is now Product manager." in client.get(response.location).get_data(as_text=True)


@pytest.mark.parametrize("role", ["", "overlord"])
def test_change_role_refuses_an_unknown_role(client, admin, customer, role):
    login(client, admin)
    response = client.post_form(f"/admin/users/{customer.id}/role", {"role": role}, follow_redirects=True)
    assert "Unknown role" in response.get_data(as_text=True)
    db.session.refresh(customer)
    assert customer.role == Role.CUSTOMER


def test_admin_cannot_demote_or_suspend_themselves_over_http(client, admin):
    login(client, admin)
    page = client.post_form(f"/admin/users/{admin.id}/role", {"role": "customer"}, follow_redirects=True)
    assert "You can&#39;t change your own role." in page.get_data(as_text=True)
    page = client.post_form(f"/admin/users/{admin.id}/suspension", {"suspended": "1"}, follow_redirects=True)
    assert "You can&#39;t suspend yourself." in page.get_data(as_text=True)
    db.session.refresh(admin)
    assert admin.role == Role.ADMIN and not admin.is_suspended


def test_suspend_then_unsuspend_over_http(client, admin, customer):
    login(client, admin)
    assert client.post_form(f"/admin/users/{customer.id}/suspension", {"suspended": "1"}).status_code == 303
    db.session.refresh(customer)
    assert customer.is_suspended
    page = client.get("/admin/users").get_data(as_text=True)
    assert "Suspended" in page and "Unsuspend" in page
    client.post_form(f"/admin/users/{customer.id}/suspension", {"suspended": "0"})
    db.session.refresh(customer)
    assert not customer.is_suspended
    assert audit_actions() == ["user.suspended", "user.unsuspended"]


def test_lifting_a_suspension_does_not_bring_back_the_sessions_it_ended(app, client, admin, customer):
    theirs = app.test_client()
    login(theirs, customer)  # a session someone may have stolen before the suspension
    assert theirs.get("/auth/account").status_code == 200
    login(client, admin)
    for suspended in ("1", "0"):
        client.post_form(f"/admin/users/{customer.id}/suspension", {"suspended": suspended})
    assert theirs.get("/auth/account").status_code == 302
    theirs.post_form("/auth/login", {"email": customer.email, "password": factories.PASSWORD})  # signing in again works
    assert theirs.get("/auth/account").status_code == 200


def test_accounts_crud_and_members_over_http(client, pm, customer):
    login(client, pm)
    response = client.post_form("/admin/accounts/new", {"name": "Acme", "segment": "Enterprise", "annual_revenue": "1200000"})
    account = db.session.scalar(select(CustomerAccount))
    assert response.status_code == 303 and response.location == f"/admin/accounts/{account.id}"
    assert (account.segment, account.annual_revenue) == ("Enterprise", 1_200_000)
    listing = client.get("/admin/accounts").get_data(as_text=True)
    assert "Acme" in listing and "1,200,000" in listing
    assert client.post_form(f"/admin/accounts/{account.id}/members", {"email": "Casey@example.com"}).status_code == 303
    detail = client.get(f"/admin/accounts/{account.id}").get_data(as_text=True)
    assert detail.count('data-testid="member-row"') == 1 and "casey@example.com" in detail
    client.post_form(f"/admin/accounts/{account.id}", {"name": "Acme Inc", "segment": "", "annual_revenue": ""})
    db.session.refresh(account)
    assert (account.name, account.segment, account.annual_revenue) == ("Acme Inc", None, None)
    client.post_form(f"/admin/accounts/{account.id}/members/{customer.id}/remove")
    db.session.refresh(customer)
    assert customer.customer_account_id is None
    client.post_form(f"/admin/accounts/{account.id}/delete")
    assert count(CustomerAccount) == 0


def test_accounts_search(client, pm):
    factories.make_customer_account(name="Acme Corp")
    factories.make_customer_account(name="Globex")
    login(client, pm)
    page = client.get("/admin/accounts?q=glo").get_data(as_text=True)
    assert page.count('data-testid="account-row"') == 1 and "Globex" in page


@pytest.mark.parametrize(
    "data, message",
    [
        ({"name": ""}, "Enter a name."),
        ({"name": "A" * 121}, "Use at most 120 characters."),
        ({"name": "Beta", "annual_revenue": "lots"}, "Enter a whole number without separators"),
        ({"name": "Beta", "annual_revenue": "12.5"}, "Enter a whole number without separators"),
        ({"name": "Beta", "annual_revenue": "-5"}, "Enter a whole number, zero or more."),
        ({"name": "Beta", "segment": "S" * 61}, "Use at most 60 characters."),
        ({"name": "ACME CORP"}, "There is already a customer account called"),
    ],
)
def test_account_form_refuses_bad_input(client, pm, data, message):
    factories.make_customer_account(name="Acme Corp")
    login(client, pm)
    response = client.post_form("/admin/accounts/new", data)
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert count(CustomerAccount) == 1


@pytest.mark.parametrize("email, message", [("", "Enter an email address."), ("nope", "Enter a valid email address."), ("ghost@example.com", "No one has signed up")])
def test_attach_member_refuses_bad_emails(client, pm, email, message):
    account = factories.make_customer_account()
    login(client, pm)
    response = client.post_form(f"/admin/accounts/{account.id}/members", {"email": email})
    assert response.status_code == 200 and message in response.get_data(as_text=True)
    assert 'value="Acme Corp"' in response.get_data(as_text=True)  # the details form is still there


def test_detach_someone_who_is_not_a_member(client, pm, customer):
    account = factories.make_customer_account()
    login(client, pm)
    response = client.post_form(f"/admin/accounts/{account.id}/members/{customer.id}/remove", follow_redirects=True)
    assert "is not a member" in response.get_data(as_text=True)


# --- no N+1 ---------------------------------------------------------------------------------


@pytest.fixture
def count_queries(app):
    """Return a function that counts the SQL statements a call makes."""
    from sqlalchemy import event

    def counted(call):
        statements = []

        def record(*_args):
            statements.append(1)

        event.listen(db.engine, "before_cursor_execute", record)
        try:
            call()
        finally:
            event.remove(db.engine, "before_cursor_execute", record)
        return len(statements)

    return counted


@pytest.mark.parametrize("url", ["/admin/", "/admin/users", "/admin/boards", "/admin/tags", "/admin/accounts"])
def test_admin_lists_make_the_same_number_of_queries_for_3_or_20_rows(client, admin, count_queries, url):
    def add_rows(n):
        for _ in range(n):
            account = factories.make_customer_account(name=f"Company {count(CustomerAccount)}")
            board = factories.make_board()
            tag = factories.make_tag(name=f"Tag {count(Tag)}")
            user = factories.make_user(customer_account=account)
            factories.make_idea(board, user, tags=[tag])
            services.set_suspended(admin, user, True)
        db.session.commit()

    login(client, admin)
    add_rows(3)
    few = count_queries(lambda: client.get(url))
    add_rows(17)
    many = count_queries(lambda: client.get(url))
    assert few == many


def test_search_takes_like_wildcards_literally(client, admin):
    factories.make_user(email="under_score@example.com", display_name="Under Score")
    factories.make_user(email="underXscore@example.com", display_name="Plain")
    factories.make_user(email="percent@example.com", display_name="100% sure")
    login(client, admin)
    assert client.get("/admin/users?q=under_").get_data(as_text=True).count('data-testid="user-row"') == 1
    assert client.get("/admin/users?q=0%25").get_data(as_text=True).count('data-testid="user-row"') == 1
    assert client.get("/admin/users?q=%25").get_data(as_text=True).count('data-testid="user-row"') == 1

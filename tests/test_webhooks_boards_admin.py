"""The admin picks the boards of a webhook: who may, what the pages say, and what bad input gets."""
import re

import pytest
from sqlalchemy import func, select

from ideabox.admin.services import delete_board
from ideabox.extensions import db
from ideabox.models import AuditEvent, Webhook
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_merging import count_queries
from tests.factories_webhooks import make_webhook
from tests.test_webhooks_admin import form, text

URL = "http://127.0.0.1:9/hook"


@pytest.fixture(autouse=True)
def local_endpoints(app):
    app.config["WEBHOOK_ALLOW_PRIVATE_NETWORKS"] = True


@pytest.fixture
def api(app):
    return factories.make_board(name="API", slug="api")


def scope_of(webhook) -> tuple[bool, list[str]]:
    db.session.expire_all()
    return webhook.all_boards, [board.name for board in webhook.boards]


def ticked(page: str, name: str) -> list[str]:
    """The values of the ticked inputs called `name`."""
    return [re.search(r'value="([^"]*)"', box).group(1)
            for box in re.findall(rf'<input[^>]*name="{name}"[^>]*>', page) if "checked" in box]


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_see_and_change_a_webhooks_boards(client, as_role, role, board, api):
    webhook = make_webhook(URL, all_boards=False, boards=[api])
    as_role(role)
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    for url in ("/admin/webhooks", "/admin/webhooks/new", f"/admin/webhooks/{webhook.id}"):
        response = client.get(url)
        assert response.status_code == expected, (url, role)
        assert ("Only the boards I pick" in text(response)) == (role == "admin" and url != "/admin/webhooks")
    response = client.post_form(f"/admin/webhooks/{webhook.id}", form(client, url=URL, scope="chosen",
                                                                      board_ids=[board.id]))
    assert response.status_code == (303 if role == "admin" else expected)
    assert scope_of(webhook) == ((False, ["Mobile app"]) if role == "admin" else (False, ["API"]))


def test_an_admin_limits_a_webhook_to_boards_and_sees_it_everywhere(client, admin, board, api, private_board):
    login(client, admin)
    new_page = text(client.get("/admin/webhooks/new"))
    assert ticked(new_page, "scope") == ["all"] and ticked(new_page, "board_ids") == []  # all boards, as before
    assert re.search(r'Internal</span> <span class="pill pill--private">Private</span>', new_page)
    response = client.post_form("/admin/webhooks/new", form(client, name="Slack #mobile", url=URL, scope="chosen",
                                                            board_ids=[board.id, private_board.id],
                                                            include_private="y"), follow_redirects=True)
    page = text(response)
    assert "Webhook “Slack #mobile” is saved." in page
    webhook = db.session.scalar(select(Webhook))
    assert scope_of(webhook) == (False, ["Internal", "Mobile app"])
    assert ticked(page, "scope") == ["chosen"]
    assert sorted(ticked(page, "board_ids")) == sorted([str(board.id), str(private_board.id)])
    scope_line = page.split('data-testid="webhook-scope"')[1].split("</p>")[0]
    assert "Internal" in scope_line and "Mobile app" in scope_line and "API" not in scope_line
    make_webhook(URL, name="Warehouse")
    listing = text(client.get("/admin/webhooks"))
    rows = {name: row for row in listing.split('data-testid="webhook-row"')[1:]
            for name in ("Slack #mobile", "Warehouse") if name in row}
    assert "Internal" in rows["Slack #mobile"] and "Mobile app" in rows["Slack #mobile"]
    assert "All boards" in rows["Warehouse"] and "All boards" not in rows["Slack #mobile"]
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "webhook.saved"))
    assert event.details["boards"] == ["Internal", "Mobile app"]


def test_choosing_all_boards_again_forgets_the_picked_ones(client, admin, board):
    webhook = make_webhook(URL, all_boards=False, boards=[board])
    login(client, admin)
    client.post_form(f"/admin/webhooks/{webhook.id}", form(client, url=URL, scope="all", board_ids=[board.id]))
    assert scope_of(webhook) == (True, [])
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "webhook.saved"))
    assert (event.details["boards"], event.details["previous_boards"]) == ("all", ["Mobile app"])


@pytest.mark.parametrize("fields, message", [
    ({"scope": "chosen"}, "Pick at least one board, or choose “All boards”."),
    ({"scope": "chosen", "board_ids": ["987654"]}, "A board you picked does not exist any more."),
    ({"scope": "chosen", "board_ids": "private"}, "“Internal” is a private board: tick “Also send events"),
    ({"scope": "chosen", "board_ids": ["mobile"]}, "Invalid choice(s)"),
    ({"scope": "some"}, "Not a valid choice"),
    ({"scope": None}, "Choose which boards to send."),  # a form from before boards could be picked
])
def test_a_bad_scope_is_refused_with_a_reason_and_changes_nothing(client, admin, board, private_board, fields,
                                                                  message):
    webhook = make_webhook(URL, name="Warehouse")
    login(client, admin)
    if fields.get("board_ids") == "private":
        fields = {**fields, "board_ids": [board.id, private_board.id]}
    response = client.post_form(f"/admin/webhooks/{webhook.id}", form(client, url=URL, name="Renamed", **fields))
    assert response.status_code == 200 and message in text(response).replace("&#34;", '"')
    db.session.expire_all()
    assert webhook.name == "Warehouse" and scope_of(webhook) == (True, [])
    assert db.session.scalar(select(func.count(AuditEvent.id))) == 0
    response = client.post_form("/admin/webhooks/new", form(client, url=URL, **fields))
    assert message in text(response).replace("&#34;", '"')
    assert db.session.scalar(select(func.count(Webhook.id))) == 1


def test_a_webhook_whose_boards_are_all_deleted_says_it_sends_nothing(client, admin, board, api):
    webhook = make_webhook(URL, name="Slack #api", all_boards=False, boards=[api])
    delete_board(admin, api)
    db.session.commit()
    login(client, admin)
    page = text(client.get(f"/admin/webhooks/{webhook.id}"))
    assert 'data-testid="webhook-no-boards"' in page and "This webhook sends nothing." in page
    assert ticked(page, "scope") == ["chosen"] and ticked(page, "board_ids") == []  # not widened to all boards
    assert "No boards left: sends nothing" in text(client.get("/admin/webhooks"))
    assert scope_of(webhook) == (False, [])


def test_a_picked_board_made_private_since_is_flagged_as_not_sent(client, admin, board):
    webhook = make_webhook(URL, name="Slack #mobile", all_boards=False, boards=[board])
    board.is_private = True
    db.session.commit()
    login(client, admin)
    page = text(client.get(f"/admin/webhooks/{webhook.id}"))
    assert "“Mobile app” is a private board now, so its events are not sent here." in page
    assert "Private: not sent" in text(client.get("/admin/webhooks"))


def test_the_webhook_list_loads_boards_in_a_fixed_number_of_queries(client, admin):
    login(client, admin)
    client.get("/admin/webhooks")

    def add_scoped(n):
        for _ in range(n):
            make_webhook(URL, all_boards=False, boards=[factories.make_board(), factories.make_board()])

    add_scoped(2)
    few = count_queries(lambda: client.get("/admin/webhooks"))
    add_scoped(5)
    assert count_queries(lambda: client.get("/admin/webhooks")) == few


def test_the_audit_log_and_the_admin_index_say_which_boards_a_webhook_sends(client, admin, board, api):
    login(client, admin)
    client.post_form("/admin/webhooks/new", form(client, name="Slack #mobile", url=URL, scope="chosen",
                                                 board_ids=[board.id, api.id]))
    webhook = db.session.scalar(select(Webhook))
    client.post_form(f"/admin/webhooks/{webhook.id}", form(client, name="Slack #mobile", url=URL, scope="all"))

    def said(page: str) -> list[str]:
        """The text of each audit event on the page, newest first, tags and runs of spaces taken out."""
        rows = page.split('data-testid="audit-event"')[1:]
        return [" ".join(re.sub(r"<[^>]+>", "", row.partition(">")[2].split("</tr>")[0].split("</li>")[0]).split())
                for row in rows]

    change, scoped_save = said(text(client.get("/merging/audit")))
    assert "Ada Admin saved the webhook “Slack #mobile”: all boards (before: boards API, Mobile app)" in change
    assert scoped_save.endswith("Ada Admin saved the webhook “Slack #mobile”: boards API, Mobile app")
    change, scoped_save = said(text(client.get("/admin/")))
    assert "Ada Admin saved the webhook Slack #mobile: all boards (before: boards API, Mobile app)" in change
    assert "Ada Admin saved the webhook Slack #mobile: boards API, Mobile app " in scoped_save

"""`idea.moved`: both boards' endpoints hear of a move, an endpoint that leaves out private boards is never told a
private board's name nor what the move made private, Slack says it in words, and a refused move says nothing."""
import json

import pytest
from sqlalchemy import select

from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import move_idea
from ideabox.merging.services import merge_ideas
from ideabox.models import Idea
from ideabox.webhooks.payloads import board as board_payload
from tests import factories
from tests.factories_webhooks import make_webhook, queued_to

URL = "http://127.0.0.1:9/hook"  # nothing is drained: these tests read the outbox rows


@pytest.fixture
def context(app):
    with app.test_request_context():
        yield


@pytest.fixture
def web(app):
    return factories.make_board(name="Web app", slug="web")


@pytest.fixture
def dark_mode(board, customer, pm):
    """An idea on the Mobile app board with a duplicate merged into it, before any endpoint listens."""
    idea = factories.make_idea(board, customer, title="Dark mode", body="Easier on the eyes at night.")
    merge_ideas(idea, [factories.make_idea(board, customer, title="Night theme")], pm)
    db.session.commit()
    return idea


def endpoint(name, *boards, **fields):
    """An endpoint of every event: of all boards, or only of `boards`."""
    return make_webhook(URL, name=name, all_boards=not boards, boards=list(boards), **fields)


def moves(webhook) -> list[dict]:
    return [body["data"] for body in queued_to(webhook, "idea.moved")]


def moved(idea, to, pm) -> None:
    move_idea(idea, to, pm)
    db.session.commit()


def test_a_move_between_public_boards_reaches_both_boards(context, dark_mode, board, web, pm):
    everything, mobile, web_only = endpoint("Warehouse"), endpoint("Mobile", board), endpoint("Web", web)
    elsewhere = endpoint("API", factories.make_board(name="API", slug="api"))
    moved(dark_mode, web, pm)
    assert moves(everything) == moves(mobile) == moves(web_only) and moves(elsewhere) == []
    data = moves(mobile)[0]  # the team of the board it left hears where it went
    assert data["idea"]["id"] == dark_mode.id and data["idea"]["board"]["slug"] == "web"
    assert data["from_board"] == board_payload(board) and data["to_board"] == board_payload(web)
    assert set(data["from_board"]) == {"id", "slug", "name", "private", "url"}
    assert data["moved_by"] == {"id": pm.id, "name": "Pat PM"}
    duplicate_url = f"http://localhost/ideas/{dark_mode.id}"  # a duplicate leads to its primary
    assert [(m["title"], m["url"]) for m in data["merged"]] == [("Night theme", duplicate_url)]


def test_endpoints_not_subscribed_to_moves_hear_nothing(context, dark_mode, web, pm):
    not_subscribed = make_webhook(URL, events=["idea.created", "ideas.merged"])
    turned_off = endpoint("Off", is_active=False)
    moved(dark_mode, web, pm)
    assert moves(not_subscribed) == moves(turned_off) == []


def test_from_a_private_board_the_idea_arrives_without_where_it_came_from(context, private_board, board, pm):
    idea = factories.make_idea(private_board, pm, title="SAML login")
    public, with_private = endpoint("Public"), endpoint("All", include_private=True)
    origin_only = endpoint("Internal", private_board, include_private=True)
    moved(idea, board, pm)
    told = moves(public)[0]
    assert told["from_board"] is None and told["idea"]["title"] == "SAML login"
    assert told["to_board"]["name"] == told["idea"]["board"]["name"] == "Mobile app"
    assert "Internal" not in json.dumps(told)
    assert moves(with_private) == moves(origin_only) == [{**told, "from_board": board_payload(private_board)}]


def test_onto_a_private_board_the_idea_only_leaves_the_public_one(context, dark_mode, board, private_board, pm):
    public, mobile, with_private = endpoint("Public"), endpoint("Mobile", board), endpoint("All", include_private=True)
    moved(dark_mode, private_board, pm)
    told = moves(public)
    assert told == moves(mobile) == [{"idea": {"id": dark_mode.id, "title": "Dark mode"},
                                      "from_board": board_payload(board), "to_board": None,
                                      "moved_by": {"id": pm.id, "name": "Pat PM"}, "merged": []}]
    assert not [secret for secret in ("Internal", "Easier on the eyes", "Night theme") if secret in json.dumps(told)]
    full = moves(with_private)[0]
    assert full["to_board"] == board_payload(private_board) and full["idea"]["body"] == "Easier on the eyes at night."
    assert [m["title"] for m in full["merged"]] == ["Night theme"]


def test_a_move_between_private_boards_reaches_only_endpoints_that_include_them(context, private_board, pm):
    idea = factories.make_idea(private_board, pm, title="SAML login")
    vault = factories.make_board(name="Vault", slug="vault", is_private=True)
    public, with_private = endpoint("Public"), endpoint("All", include_private=True)
    destination_only = endpoint("Vault", vault, include_private=True)
    moved(idea, vault, pm)
    assert moves(public) == []
    assert moves(with_private) == moves(destination_only)
    assert moves(with_private)[0]["from_board"]["name"] == "Internal"


@pytest.mark.parametrize("origin, destination, include_private, text", [
    ("board", "web", False, "Pat PM moved <{url}|Dark mode> from _Mobile app_ to _Web app_"),
    ("board", "private_board", True, "Pat PM moved <{url}|Dark mode> from _Mobile app_ to _Internal_"),
    ("board", "private_board", False, "Pat PM moved “Dark mode” off _Mobile app_, to a private board"),
    ("private_board", "board", False, "Pat PM moved <{url}|Dark mode> to _Mobile app_"),
    ("private_board", "board", True, "Pat PM moved <{url}|Dark mode> from _Internal_ to _Mobile app_"),
])
def test_slack_says_who_moved_what_where_without_naming_a_board_it_may_not_hear_of(
        request, context, customer, pm, origin, destination, include_private, text):
    idea = factories.make_idea(request.getfixturevalue(origin), customer, title="Dark mode", body="At night.")
    channel = endpoint("Slack #product", kind="slack", include_private=include_private)
    moved(idea, request.getfixturevalue(destination), pm)
    assert queued_to(channel, "idea.moved") == [{"text": text.format(url=f"http://localhost/ideas/{idea.id}"),
                                                 "unfurl_links": False, "unfurl_media": False}]


def test_slack_escapes_the_title_of_an_idea_moved_off_its_board(context, board, private_board, customer, pm):
    idea = factories.make_idea(board, customer, title="Q&A <beta>")
    channel = endpoint("Slack #product", kind="slack")
    moved(idea, private_board, pm)
    assert queued_to(channel, "idea.moved")[0]["text"].startswith("Pat PM moved “Q&amp;A &lt;beta&gt;” off")


@pytest.mark.parametrize("case", ["same board", "merged idea", "not staff"])
def test_a_refused_move_queues_nothing(context, dark_mode, board, web, customer, pm, case):
    everything = endpoint("Warehouse", include_private=True)
    duplicate = db.session.scalars(select(Idea).where(Idea.merged_into_id == dark_mode.id)).one()
    idea, destination, actor = {"same board": (dark_mode, board, pm), "merged idea": (duplicate, web, pm),
                                "not staff": (dark_mode, web, customer)}[case]
    with pytest.raises(DomainError):
        move_idea(idea, destination, actor)
    db.session.commit()
    assert moves(everything) == []

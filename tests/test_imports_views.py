"""Import ideas through HTTP: who may, the upload, the preview, importing, undo, CSRF, the export and the CLI."""
import io

import pytest
from sqlalchemy import select

from ideabox.extensions import db
from ideabox.models import Idea, Import, User, Vote
from tests.conftest import ROLES, login
from tests.factories_imports import count, csv_bytes

ROWS = [
    {"title": "Dark mode", "description": "Easier at night", "status": "complete", "author email": "jane@example.com",
     "author name": "Jane Roe", "created": "2023-01-02", "voters": "bo@example.com, al@example.com",
     "tags": "UI", "official response": "Shipped in 2.0"},
    {"title": "Offline mode", "status": "closed", "author email": "bo@example.com", "created": "2023-02-03"},
]


def upload(client, content, **fields):
    data = {"csrf_token": client.csrf_token(), "file": (io.BytesIO(content), "canny.csv"), "delimiter": "auto",
            "board": "0", **fields}
    return client.post("/admin/imports/", data=data, content_type="multipart/form-data")


def settings(imp, **changes) -> dict:
    """The settings form as the page fills it in, with `changes`."""
    data = {f"map_{field}": header for field, header in imp.settings["mapping"].items()}
    data.update(board=str(imp.settings.get("board_id") or 0))
    from ideabox.imports.services import source_statuses

    data.update((f"status_{n}", imp.settings["statuses"][value]) for n, value in enumerate(source_statuses(imp)))
    if imp.settings.get("create_boards"):
        data["create_boards"] = "y"
    if imp.settings.get("skip_errors"):
        data["skip_errors"] = "y"
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def text(response) -> str:
    return response.get_data(as_text=True)


@pytest.fixture
def staged(client, admin, board):
    login(client, admin)
    response = upload(client, csv_bytes(ROWS), board=str(board.id))
    assert response.status_code == 303
    return db.session.scalar(select(Import))


@pytest.mark.parametrize("role", ROLES)
def test_only_admins_use_the_import_pages(client, as_role, role, board):
    imp = Import(filename="x.csv", content=csv_bytes(ROWS), settings={"mapping": {"title": "title"}, "statuses": {},
                                                                     "delimiter": ","})
    db.session.add(imp)
    db.session.commit()
    as_role(role)
    expected = {"anonymous": 302, "admin": 200}.get(role, 403)
    for url in ["/admin/imports/", f"/admin/imports/{imp.id}", "/admin/imports/ideas.csv"]:
        assert client.get(url).status_code == expected, (url, role)
    if role != "admin":
        assert upload(client, csv_bytes(ROWS), board=str(board.id)).status_code == expected
        assert client.post_form(f"/admin/imports/{imp.id}", {"action": "import", "map_title": "title",
                                                             "board": str(board.id)}).status_code == expected
        assert client.post_form(f"/admin/imports/{imp.id}/undo").status_code == expected
        assert count(Import) == 1 and count(Idea) == 0
    else:
        assert 'href="/admin/imports/"' in text(client.get("/admin/"))  # in the admin menu


def test_the_posts_need_a_csrf_token(client, staged, board):
    assert client.post("/admin/imports/", data={"file": (io.BytesIO(csv_bytes(ROWS)), "a.csv")},
                       content_type="multipart/form-data").status_code == 400
    assert client.post(f"/admin/imports/{staged.id}", data=settings(staged, action="import")).status_code == 400
    assert client.post(f"/admin/imports/{staged.id}/undo").status_code == 400
    assert count(Import) == 1 and count(Idea) == 0


def test_a_bad_file_is_refused_on_the_upload_form(client, admin, board):
    login(client, admin)
    response = upload(client, "title\nCaf\u00e9".encode("latin-1"), board=str(board.id))
    assert response.status_code == 200 and "not UTF-8" in text(response) and count(Import) == 0
    assert "Choose a CSV file" in text(client.post_form("/admin/imports/", {"board": "0"}))


@pytest.mark.parametrize("header, named", [
    (["title", "title", "description"], "“title”, “title”"),
    (["Title", "title ", "description"], "“Title”, “title”"),  # the same column once normalised as the mapping does
    (["title", "idea", "description"], "The columns “title”, “idea” all look like the “Title” column"),
])
def test_a_column_named_twice_is_refused_on_the_upload_form(client, admin, board, header, named):
    login(client, admin)
    response = upload(client, csv_bytes([["a", "b", "c"]], header=header), board=str(board.id))
    assert response.status_code == 200 and named in text(response)
    assert count(Import) == 0 and count(Idea) == 0


def test_a_file_staged_with_a_column_named_twice_is_neither_previewed_nor_imported(client, admin, board):
    imp = Import(filename="twice.csv", content=csv_bytes([["a", "b", "c"]], header=["title", "title", "description"]),
                 settings={"mapping": {"title": "title", "body": "description"}, "statuses": {}, "delimiter": ",",
                           "board_id": board.id, "create_boards": False, "skip_errors": False})
    db.session.add(imp)
    db.session.commit()
    login(client, admin)
    preview = client.get(f"/admin/imports/{imp.id}", follow_redirects=True)
    assert "The file has the same column more than once: “title”, “title”." in text(preview)
    imported = client.post_form(f"/admin/imports/{imp.id}", {"action": "import", "map_title": "title",
                                                            "map_body": "description", "board": str(board.id)},
                                follow_redirects=True)
    assert "The file has the same column more than once" in text(imported)
    assert count(Idea) == 0 and db.session.get(Import, imp.id).state == "previewed"


def test_upload_preview_import_and_undo(client, staged, board):
    page = text(client.get(f"/admin/imports/{staged.id}"))
    assert "Dark mode" in page and "Offline mode" in page and 'data-testid="figure-ideas">2<' in page
    assert 'data-testid="figure-accounts">3<' in page and 'data-testid="figure-votes">4<' in page
    response = client.post_form(f"/admin/imports/{staged.id}", settings(staged, action="import"))
    assert response.status_code == 303
    assert {i.title: i.status.value for i in db.session.scalars(select(Idea))} == {"Dark mode": "shipped",
                                                                                 "Offline mode": "declined"}
    result = text(client.get(f"/admin/imports/{staged.id}"))
    assert "Undo import" in result and "Nobody was notified" in result
    board_page = text(client.get(f"/b/{board.slug}?status=shipped"))
    assert "Dark mode" in board_page
    assert "canny.csv" in text(client.get("/admin/imports/"))
    assert client.post_form(f"/admin/imports/{staged.id}/undo").status_code == 303
    assert count(Idea) == 0 and count(Vote) == 0 and "Undone" in text(client.get(f"/admin/imports/{staged.id}"))


def test_a_row_error_is_shown_with_its_line_and_blocks_the_import_until_skipped(client, admin, board):
    login(client, admin)
    upload(client, csv_bytes([*ROWS, {"title": "", "author email": "x@example.com"}]), board=str(board.id))
    imp = db.session.scalar(select(Import))
    page = text(client.get(f"/admin/imports/{imp.id}"))
    assert "Line 4" in page and "No title." in page
    response = client.post_form(f"/admin/imports/{imp.id}", settings(imp, action="import"), follow_redirects=True)
    assert "1 row has an error" in text(response) and count(Idea) == 0
    changed = client.post_form(f"/admin/imports/{imp.id}", settings(imp, action="import", skip_errors="y"),
                               follow_redirects=True)
    assert "check the new preview" in text(changed) and count(Idea) == 0  # changed settings: preview first
    db.session.expire_all()
    client.post_form(f"/admin/imports/{imp.id}", settings(imp, action="import"))
    assert count(Idea) == 2


def test_the_status_mapping_is_shown_and_editable(client, staged, board):
    page = text(client.get(f"/admin/imports/{staged.id}"))
    assert 'data-testid="status-mapping"' in page and "complete" in page
    client.post_form(f"/admin/imports/{staged.id}", settings(staged, action="preview", status_0="in_progress"))
    db.session.expire_all()
    assert staged.settings["statuses"]["complete"] == "in_progress"


def test_the_export_reimports_into_another_ideabox(client, staged, board, app):
    client.post_form(f"/admin/imports/{staged.id}", settings(staged, action="import"))
    exported = client.get("/admin/imports/ideas.csv")
    assert exported.status_code == 200 and exported.mimetype == "text/csv"
    before = {(i.title, i.body, i.status, i.created_at, i.vote_count, i.author.email, tuple(t.name for t in i.tags))
              for i in db.session.scalars(select(Idea))}
    content = exported.data
    # "another IdeaBox": this one emptied of ideas and of the people the import made
    client.post_form(f"/admin/imports/{staged.id}/undo")
    assert count(Idea) == 0
    assert upload(client, content, board=str(board.id)).status_code == 303
    again = db.session.scalar(select(Import).order_by(Import.id.desc()))
    assert again.settings["mapping"]["voters"] == "voters" and again.settings["preset"] is None
    client.post_form(f"/admin/imports/{again.id}", settings(again, action="import"))
    after = {(i.title, i.body, i.status, i.created_at, i.vote_count, i.author.email, tuple(t.name for t in i.tags))
             for i in db.session.scalars(select(Idea))}
    assert after == before
    assert db.session.scalar(select(User.display_name).where(User.email == "jane@example.com")) == "Jane Roe"


def test_the_command_line_imports_a_file(runner, board, tmp_path):
    path = tmp_path / "fider.csv"
    path.write_bytes(csv_bytes([["1", "Go is fast", "Tiny", "2018-03-23T19:33:22Z", "Faceless", "4", "2",
                                 "declined", "John", "2018-04-04T19:48:10Z", "Nothing to do", "", "", "easy"]],
                               header=["number", "title", "description", "created_at", "created_by", "votes_count",
                                       "comments_count", "status", "responded_by", "responded_at", "response",
                                       "original_number", "original_title", "tags"]))
    dry = runner.invoke(args=["import-ideas", str(path), "--board", board.slug, "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "looks like a fider export" in dry.output and "1 idea(s), 1 new account(s), 1 vote(s)" in dry.output
    assert "Dry run" in dry.output and count(Idea) == 0 and count(Import) == 0
    done = runner.invoke(args=["import-ideas", str(path), "--board", board.slug])
    assert done.exit_code == 0, done.output
    idea = db.session.scalar(select(Idea))
    assert (idea.title, idea.status.value, idea.author.display_name) == ("Go is fast", "declined", "Imported")
    again = runner.invoke(args=["import-ideas", str(path), "--board", board.slug])
    assert again.exit_code == 1 and "already here" in again.output
    assert runner.invoke(args=["import-ideas", str(path), "--board", "nope"]).exit_code == 1


def test_the_command_line_lists_row_errors(runner, board, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([{"title": "", "author email": "a@example.com"}]))
    result = runner.invoke(args=["import-ideas", str(path), "--board", board.slug])
    assert result.exit_code == 1 and "line 2: No title." in result.output and count(Idea) == 0

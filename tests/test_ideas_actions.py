"""What people do on ideas, through HTTP: post, vote, comment, follow, edit, withdraw, set status."""
import pytest
from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.models import Comment, Follow, Idea, IdeaStatus, StatusChange, Vote, utcnow
from ideabox.models.idea import BODY_MAX, COMMENT_MAX, TITLE_MAX
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_ideas import add_votes

SIGNED_IN = [role for role in ROLES if role != "anonymous"]


def count(model, *where):
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def text_of(response):
    return response.get_data(as_text=True)


def assert_sent_to_sign_in(response, back):
    assert response.status_code in (302, 303)
    location = response.headers["Location"]
    assert location.startswith("/auth/login?next=")
    from urllib.parse import parse_qs, urlsplit

    assert parse_qs(urlsplit(location).query)["next"] == [back]


@pytest.fixture
def idea(board, customer):
    return factories.make_idea(board, customer, title="Export to CSV")


# Posting -----------------------------------------------------------------------------------

def test_anonymous_visitors_are_sent_to_sign_in_to_post(client, board):
    assert_sent_to_sign_in(client.get("/b/mobile/new"), "/b/mobile/new")
    response = client.post_form("/b/mobile/new", {"title": "Sneaky"})
    assert response.status_code == 302 and count(Idea) == 0


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_signed_in_role_can_post(client, as_role, board, role):
    user = as_role(role)
    tag = factories.make_tag("Reports")
    assert 'id="idea-form"' in text_of(client.get("/b/mobile/new"))
    response = client.post_form("/b/mobile/new", {"title": "Export to CSV", "body": "Monthly", "tags": [tag.id]})
    idea = db.session.scalars(select(Idea)).one()
    assert response.status_code == 303
    assert response.headers["Location"] == f"/ideas/{idea.id}?submitted=1"
    assert (idea.author_id, idea.tags, idea.backer_count) == (user.id, [tag], 1)


def test_new_idea_form_has_the_hooks_for_similar_ideas(client, board, customer):
    login(client, customer)
    page = text_of(client.get("/b/mobile/new"))
    assert 'name="title"' in page and 'id="title"' in page and 'id="idea-form"' in page
    assert page.index('id="title"') < page.index('data-testid="similar-box"') < page.index('id="body"')


def test_after_posting_the_author_is_asked_about_the_closest_idea(client, board, customer, other_customer):
    from ideabox.ideas import services

    with client.application.test_request_context():
        services.submit_idea(board, other_customer, "Export reports to CSV", "Download any report as a CSV file")
        db.session.commit()
    login(client, customer)
    response = client.post_form("/b/mobile/new", {"title": "Export reports to CSV files", "body": "Download reports as CSV"})
    location = response.headers["Location"]
    assert location.endswith("?submitted=1")
    assert 'data-testid="same-as-prompt"' in text_of(client.get(location))
    assert 'data-testid="same-as-prompt"' not in text_of(client.get(location.split("?")[0]))


@pytest.mark.parametrize(
    "data, message",
    [
        ({"title": ""}, "Give your idea a title."),
        ({"title": "   "}, "Give your idea a title."),
        ({"title": "\u200b\u200d\u2060\ufeff"}, "Give your idea a title."),  # zero-width: a blank row on the board
        ({"title": "\u3164 \u2800"}, "Give your idea a title."),  # a Hangul filler and a braille blank
        ({"title": "x" * (TITLE_MAX + 1)}, f"Titles can be at most {TITLE_MAX} characters."),
        ({"title": "Fine", "body": "x" * (BODY_MAX + 1)}, f"Descriptions can be at most {BODY_MAX} characters."),
        ({"title": "Fine", "tags": ["999"]}, "not a valid choice"),
        ({"title": "Fine", "tags": ["abc"]}, "Invalid choice"),
    ],
)
def test_bad_ideas_are_refused_with_a_message(client, board, customer, data, message):
    login(client, customer)
    response = client.post_form("/b/mobile/new", data)
    assert response.status_code == 400
    assert message.lower() in text_of(response).lower()
    assert count(Idea) == 0


def test_details_as_long_as_the_box_allows_are_taken_whatever_the_line_breaks(client, board, customer):
    """The browser sends each line break as two characters (CRLF); the box counted one each."""
    login(client, customer)
    body = "\r\n".join(["x" * 99] * 100)  # 10,000 characters in the box, 10,099 on the wire
    response = client.post_form("/b/mobile/new", {"title": "Long details", "body": body})
    assert response.status_code == 303
    assert db.session.scalar(select(Idea.body)) == body.replace("\r\n", "\n")


def test_customers_cannot_post_on_private_boards(client, private_board, customer):
    login(client, customer)
    assert client.get("/b/internal/new").status_code == 404
    assert client.post_form("/b/internal/new", {"title": "Hmm"}).status_code == 404
    assert count(Idea) == 0


# Voting ------------------------------------------------------------------------------------

def test_anonymous_voters_sign_in_and_come_back(client, idea):
    response = client.post_form(f"/ideas/{idea.id}/vote", {"next": "/b/mobile?sort=new"})
    assert_sent_to_sign_in(response, "/b/mobile?sort=new")
    response = client.htmx_post(f"/ideas/{idea.id}/vote", {"next": "/b/mobile"})
    assert response.headers["HX-Redirect"].startswith("/auth/login?next=")
    assert count(Vote) == 0


@pytest.mark.parametrize("role", SIGNED_IN)
def test_every_signed_in_role_can_vote_and_unvote(client, as_role, idea, role):
    user = as_role(role)
    response = client.post_form(f"/ideas/{idea.id}/vote", {"next": "/b/mobile?sort=top"})
    assert response.status_code == 303 and response.headers["Location"] == "/b/mobile?sort=top"
    assert count(Vote, Vote.user_id == user.id) == 1
    client.post_form(f"/ideas/{idea.id}/vote", {"next": "/b/mobile"})
    assert count(Vote, Vote.user_id == user.id) == 0


def test_a_button_from_a_stale_page_sets_what_it_showed_instead_of_toggling(client, idea, other_customer):
    """Voted in one tab, the other tab's "Vote" button still says Vote: pressing it must not take the vote back."""
    login(client, other_customer)
    html = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert 'name="want" value="1"' in html  # the vote button and the follow button both ask to turn on
    for _ in range(2):
        client.post_form(f"/ideas/{idea.id}/vote", {"want": "1"})
        client.post_form(f"/ideas/{idea.id}/follow", {"want": "1"})
    assert count(Vote, Vote.user_id == other_customer.id) == 1 and count(Follow, Follow.user_id == other_customer.id) == 1
    client.post_form(f"/ideas/{idea.id}/vote", {"want": "0"})
    client.post_form(f"/ideas/{idea.id}/vote", {"want": "0"})
    assert count(Vote, Vote.user_id == other_customer.id) == 0


def test_htmx_vote_returns_the_button_in_place(client, idea, other_customer):
    login(client, other_customer)
    response = client.htmx_post(f"/ideas/{idea.id}/vote", {"next": "/b/mobile"})
    html = text_of(response)
    assert response.status_code == 200 and "HX-Request" in response.headers["Vary"]
    assert html.lstrip().startswith("<") and "<html" not in html
    assert 'class="vote is-voted"' in html and 'data-testid="vote-count">1<' in html
    assert 'name="next" value="/b/mobile"' in html
    html = text_of(client.htmx_post(f"/ideas/{idea.id}/vote", {"next": "/b/mobile"}))
    assert 'class="vote"' in html and 'data-testid="vote-count">0<' in html
    assert "hx-swap-oob" not in html  # the board has no stats panel to update


def test_htmx_vote_on_the_idea_page_also_updates_its_stats(client, idea, other_customer):
    login(client, other_customer)
    html = text_of(client.htmx_post(f"/ideas/{idea.id}/vote", {"next": f"/ideas/{idea.id}"}))
    assert f'id="idea-stats-{idea.id}" hx-swap-oob="true"' in html
    assert 'data-testid="stat-backers">1<' in html and 'title="Olive Other"' in html


def test_vote_never_redirects_off_site(client, idea, other_customer):
    login(client, other_customer)
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = client.post_form(f"/ideas/{idea.id}/vote", {"next": target})
        assert response.headers["Location"] == f"/ideas/{idea.id}"


def test_voting_on_a_merged_idea_changes_nothing_and_says_why(client, board, customer, other_customer):
    primary = factories.make_idea(board, customer)
    merged = factories.make_idea(board, customer, merged_into_id=primary.id)
    login(client, other_customer)
    response = client.post_form(f"/ideas/{merged.id}/vote", {"next": "/b/mobile"}, follow_redirects=True)
    assert "merged into another one" in text_of(response)
    assert count(Vote) == 0


def test_votes_on_hidden_or_unknown_ideas_are_404(client, board, private_board, customer, pm):
    private_idea = factories.make_idea(private_board, pm)
    withdrawn = factories.make_idea(board, pm, withdrawn_at=utcnow())
    login(client, customer)
    for idea_id in (private_idea.id, withdrawn.id, 999):
        assert client.post_form(f"/ideas/{idea_id}/vote").status_code == 404
    assert count(Vote) == 0


# Comments and follows ---------------------------------------------------------------------

def test_comment_via_htmx_returns_the_refreshed_list(client, idea, other_customer):
    login(client, other_customer)
    response = client.htmx_post(f"/ideas/{idea.id}/comments", {"body": "We need this **weekly**."})
    html = text_of(response)
    assert response.status_code == 200 and 'id="comments"' in html and "<strong>weekly</strong>" in html
    assert "1 comment" in html and "<html" not in html
    assert 'hx-swap-oob="true"' in html and "Following" in html  # commenters now follow
    assert db.session.get(Idea, idea.id).comment_count == 1


def test_comment_without_javascript_redirects_to_the_comments(client, idea, other_customer):
    login(client, other_customer)
    response = client.post_form(f"/ideas/{idea.id}/comments", {"body": "Same here"})
    assert response.status_code == 303 and response.headers["Location"] == f"/ideas/{idea.id}#comments"
    assert count(Comment) == 1


@pytest.mark.parametrize("body, message", [("", "Write something"), ("  ", "Write something"),
                                           ("\u200b\u200b", "Write something"), ("x" * (COMMENT_MAX + 1), "longer than")])
def test_bad_comments_are_refused(client, idea, other_customer, body, message):
    login(client, other_customer)
    htmx = client.htmx_post(f"/ideas/{idea.id}/comments", {"body": body})
    assert htmx.status_code == 200 and message in text_of(htmx) and "<html" not in text_of(htmx)
    plain = client.post_form(f"/ideas/{idea.id}/comments", {"body": body})
    assert plain.status_code == 400 and message in text_of(plain)
    assert count(Comment) == 0


def test_anonymous_commenters_sign_in_first(client, idea):
    assert_sent_to_sign_in(client.post_form(f"/ideas/{idea.id}/comments", {"body": "hi"}), f"/ideas/{idea.id}#comments")
    assert count(Comment) == 0


def test_follow_toggles_in_place(client, idea, other_customer):
    login(client, other_customer)
    html = text_of(client.htmx_post(f"/ideas/{idea.id}/follow"))
    assert "Following" in html and "<html" not in html
    assert count(Follow, Follow.user_id == other_customer.id) == 1
    response = client.post_form(f"/ideas/{idea.id}/follow")
    assert response.status_code == 303 and count(Follow, Follow.user_id == other_customer.id) == 0


def test_anonymous_followers_sign_in_first(client, idea):
    assert_sent_to_sign_in(client.post_form(f"/ideas/{idea.id}/follow"), f"/ideas/{idea.id}")


# Editing and withdrawing -----------------------------------------------------------------

def test_author_edits_their_idea(client, idea, customer):
    login(client, customer)
    page = text_of(client.get(f"/ideas/{idea.id}/edit"))
    assert "<h1>Edit idea</h1>" in page and 'value="Export to CSV"' in page and f'action="/ideas/{idea.id}/edit"' in page
    response = client.post_form(f"/ideas/{idea.id}/edit", {"title": "Export to CSV and Excel", "body": "Both"})
    assert response.status_code == 303
    assert db.session.get(Idea, idea.id).title == "Export to CSV and Excel"


def test_author_cannot_edit_once_others_voted(client, idea, customer, other_customer):
    add_votes(idea, 1, voters=[other_customer])
    login(client, customer)
    assert client.get(f"/ideas/{idea.id}/edit").status_code == 403
    assert client.post_form(f"/ideas/{idea.id}/edit", {"title": "Changed"}).status_code == 403
    assert client.post_form(f"/ideas/{idea.id}/withdraw").status_code == 403
    idea = db.session.get(Idea, idea.id)
    assert idea.title == "Export to CSV" and idea.withdrawn_at is None


def test_author_cannot_edit_or_withdraw_an_idea_merged_into_another(app, client, idea, board, customer, pm):
    """Its words now stand in the idea it went into, as the PM reviewed them; an edit form open since still posts."""
    from ideabox.merging.services import merge_ideas

    with app.test_request_context():
        merge_ideas(factories.make_idea(board, pm, title="Export everything"), [idea], pm)
    db.session.commit()
    login(client, customer)
    for response in (client.post_form(f"/ideas/{idea.id}/edit", {"title": "Something else entirely"},
                                      follow_redirects=True),
                     client.post_form(f"/ideas/{idea.id}/withdraw", follow_redirects=True)):
        assert "This idea was merged into another one; continue there." in text_of(response)
    db.session.expire_all()
    idea = db.session.get(Idea, idea.id)
    assert idea.title == "Export to CSV" and idea.withdrawn_at is None


@pytest.mark.parametrize("role, expected", [("customer", 403), ("executive", 403), ("pm", 303), ("admin", 303)])
def test_editing_someone_elses_idea_per_role(client, as_role, idea, role, expected):
    as_role(role)
    response = client.post_form(f"/ideas/{idea.id}/edit", {"title": "Edited by someone"})
    assert response.status_code == expected
    assert (db.session.get(Idea, idea.id).title == "Edited by someone") is (expected == 303)


def test_anonymous_editors_sign_in_first(client, idea):
    assert client.get(f"/ideas/{idea.id}/edit").headers["Location"].startswith("/auth/login")
    assert client.post_form(f"/ideas/{idea.id}/withdraw").headers["Location"].startswith("/auth/login")


def test_bad_edits_change_nothing(client, idea, customer):
    login(client, customer)
    response = client.post_form(f"/ideas/{idea.id}/edit", {"title": ""})
    assert response.status_code == 400 and "Give your idea a title." in text_of(response)
    assert db.session.get(Idea, idea.id).title == "Export to CSV"


def test_author_withdraws_their_idea(client, idea, customer):
    login(client, customer)
    response = client.post_form(f"/ideas/{idea.id}/withdraw")
    assert response.status_code == 303 and response.headers["Location"] == "/b/mobile"
    assert db.session.get(Idea, idea.id).withdrawn_at is not None
    assert "Export to CSV" not in text_of(client.get("/b/mobile"))


# Status ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role, expected", [("customer", 403), ("executive", 403), ("pm", 303), ("admin", 303)])
def test_setting_status_per_role(client, as_role, idea, role, expected):
    as_role(role)
    response = client.post_form(f"/ideas/{idea.id}/status", {"status": "planned", "note": "Coming in June."})
    assert response.status_code == expected
    assert (db.session.get(Idea, idea.id).status == IdeaStatus.PLANNED) is (expected == 303)
    assert count(StatusChange) == (1 if expected == 303 else 0)


def test_anonymous_status_setters_sign_in_first(client, idea):
    response = client.post_form(f"/ideas/{idea.id}/status", {"status": "planned"})
    assert response.headers["Location"].startswith("/auth/login")
    assert count(StatusChange) == 0


def test_status_change_shows_the_official_reply_and_history(client, idea, pm):
    login(client, pm)
    response = client.post_form(f"/ideas/{idea.id}/status", {"status": "shipped", "note": "Out in **2.4**!", "release_note": "CSV export"})
    assert response.headers["Location"] == f"/ideas/{idea.id}"
    page = text_of(client.get(f"/ideas/{idea.id}"))
    assert 'data-testid="official-reply"' in page and "<strong>2.4</strong>" in page
    change = db.session.scalars(select(StatusChange)).one()
    assert (change.from_status, change.to_status, change.changed_by_id) == (IdeaStatus.OPEN, IdeaStatus.SHIPPED, pm.id)


@pytest.mark.parametrize(
    "data, message",
    [({"status": "done"}, "Not a valid choice"), ({"status": "open"}, "already in this status"),
     ({"status": "planned", "note": "x" * (COMMENT_MAX + 1)}, "longer than"),
     ({"status": "planned", "release_note": "Now in 2.4"}, "only when the status is Shipped")],
)
def test_bad_status_changes_are_refused(client, idea, pm, data, message):
    login(client, pm)
    response = client.post_form(f"/ideas/{idea.id}/status", data)
    assert response.status_code == 400 and message in text_of(response)
    assert db.session.get(Idea, idea.id).status == IdeaStatus.OPEN and count(StatusChange) == 0


# CSRF --------------------------------------------------------------------------------------

@pytest.mark.parametrize(
    "url",
    ["/b/mobile/new", "/ideas/{id}/edit", "/ideas/{id}/withdraw", "/ideas/{id}/vote",
     "/ideas/{id}/comments", "/ideas/{id}/follow", "/ideas/{id}/status"],
)
def test_every_post_needs_a_csrf_token(client, idea, admin, url):
    login(client, admin)
    response = client.post(url.format(id=idea.id), data={"title": "x", "body": "x", "status": "planned"})
    assert response.status_code == 400 and "Reload the page" in text_of(response)
    idea = db.session.get(Idea, idea.id)
    assert (idea.title, idea.status, idea.withdrawn_at, idea.comment_count) == ("Export to CSV", IdeaStatus.OPEN, None, 0)
    assert count(Vote) == count(Follow) == 0 and count(Idea) == 1


# Rate limits -------------------------------------------------------------------------------

def test_a_script_cannot_flood_comments(app, _migrated, tmp_path, idea, other_customer):
    from ideabox import create_app
    from ideabox.extensions import limiter
    from tests.conftest import CsrfClient, _test_config

    limited = create_app({**_test_config(_migrated, tmp_path), "RATELIMIT_ENABLED": True})
    limited.test_client_class = CsrfClient
    client = login(limited.test_client(), other_customer)
    try:
        statuses = [client.post_form(f"/ideas/{idea.id}/comments", {"body": f"Spam {n}"}).status_code for n in range(21)]
    finally:
        with limited.app_context():
            limiter.reset()
    assert statuses[:20] == [303] * 20 and statuses[20] == 429
    assert count(Comment) == 20


def test_htmx_withdraw_answers_with_a_client_redirect(client, idea, customer):
    login(client, customer)
    response = client.htmx_post(f"/ideas/{idea.id}/withdraw")
    assert response.status_code == 200 and response.headers["HX-Redirect"] == "/b/mobile"
    assert db.session.get(Idea, idea.id).withdrawn_at is not None


def test_the_vote_buttons_spoken_label_names_backers_as_the_page_does(client, board, customer):
    idea = factories.make_idea(board, customer, title="Dark mode")
    add_votes(idea, 2)
    page = " ".join(client.get(f"/ideas/{idea.id}").get_data(as_text=True).split())
    count = db.session.get(Idea, idea.id).backer_count
    assert f'data-testid="vote-count">{count}</span> <span class="sr-only">backers — click to vote</span>' in page

"""A status form sent again (a double click, an answer lost on the way) changes the status once, and backers hear
of it once; the form carries a key made when it was shown, as the idea and comment forms do (test_posted_once)."""
import re

from sqlalchemy import func, select

from ideabox.extensions import db
from ideabox.ideas.posted_once import add_status_changes_once, submission_digest
from ideabox.ideas.services import cast_vote, change_status
from ideabox.models import Idea, IdeaStatus, OutboxEmail, StatusChange, User
from ideabox.themes.services import set_theme_status
from tests.conftest import login
from tests.factories import make_idea, make_user
from tests.factories_roadmap import make_theme
from tests.test_api import bearer, token_for
from tests.test_posted_once import both_at_once

KEY_PATTERN = re.compile(r'name="submission_key" type="hidden" value="([^"]+)"')


def count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def backed_idea(app, board, customer, backers=1) -> Idea:
    idea = make_idea(board, customer, title="Offline mode")
    with app.test_request_context():
        for _ in range(backers):
            cast_vote(idea, make_user())
        db.session.commit()
    return idea


def status_form(client, path: str, **fields) -> dict:
    """The status form's fields as the page shows them, its own key included, with these filled in."""
    return {"submission_key": KEY_PATTERN.findall(client.get(path).get_data(as_text=True))[-1], **fields}


def test_the_idea_status_form_sent_twice_changes_the_status_once(client, app, board, customer, pm):
    idea = backed_idea(app, board, customer)
    login(client, pm)
    form = status_form(client, f"/ideas/{idea.id}", status="planned", note="Coming in June.")
    answers = [client.post_form(f"/ideas/{idea.id}/status", form) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [303, 303]
    assert count(StatusChange) == 1 and count(OutboxEmail, OutboxEmail.kind == "status_changed") == 1
    assert "Status updated" in client.get(answers[1].headers["Location"]).get_data(as_text=True)


def test_a_new_status_form_or_new_words_post_a_new_update(client, app, board, customer, pm):
    idea = backed_idea(app, board, customer)
    login(client, pm)
    form = status_form(client, f"/ideas/{idea.id}", status="planned", note="Coming in June.")
    client.post_form(f"/ideas/{idea.id}/status", form)
    client.post_form(f"/ideas/{idea.id}/status", {**form, "note": "Now in July, sorry."})  # typed into the old form
    client.post_form(f"/ideas/{idea.id}/status", status_form(client, f"/ideas/{idea.id}", status="planned",
                                                              note="Coming in June."))  # a form shown anew
    assert [change.note for change in db.session.scalars(select(StatusChange).order_by(StatusChange.id))] == [
        "Coming in June.", "Now in July, sorry.", "Coming in June."]


def test_the_theme_status_form_sent_twice_moves_the_theme_once(client, app, board, customer, pm):
    theme = make_theme("Offline", [backed_idea(app, board, customer), make_idea(board, customer)], IdeaStatus.OPEN)
    login(client, pm)
    form = status_form(client, f"/themes/{theme.id}", status="planned", note="Next quarter")
    for _ in range(2):
        assert client.post_form(f"/themes/{theme.id}/status", form).status_code in (302, 303)
    assert count(StatusChange) == 2  # one per idea, once
    assert count(OutboxEmail, OutboxEmail.kind == "status_changed") == 1


def test_a_resend_that_races_the_first_send_gets_its_change(app, board, customer, pm):
    """The first send's change arrives between the resend's look and its insert: the unique key settles it."""
    idea = backed_idea(app, board, customer)
    with app.test_request_context():
        first = change_status(idea, IdeaStatus.PLANNED, pm, note="Soon.", submission_key="form-1")
        db.session.commit()
    key = submission_digest("form-1", "idea", str(idea.id), "planned", "Soon.", "", "False")
    late = StatusChange(idea_id=idea.id, from_status=IdeaStatus.PLANNED, to_status=IdeaStatus.PLANNED, note="Soon.",
                        changed_by_id=pm.id, submission_key=key)
    assert add_status_changes_once([late], pm.id) == [first] and count(StatusChange) == 1


def test_two_sends_at_once_change_the_status_once(app, board, customer, pm):
    idea = backed_idea(app, board, customer, backers=2)
    idea_id, pm_id = idea.id, pm.id  # read here: the test's session is not the threads' to use

    def send():
        change = change_status(db.session.get(Idea, idea_id), IdeaStatus.PLANNED, db.session.get(User, pm_id),
                               note="In June.", submission_key="form-1")
        db.session.commit()
        return change.id

    ids = both_at_once(app, send)
    assert ids[0] == ids[1] and count(StatusChange) == 1
    assert count(OutboxEmail, OutboxEmail.kind == "status_changed") == 2  # one to each backer


def test_the_service_without_a_key_still_posts_each_update(app, board, customer, pm):
    idea = backed_idea(app, board, customer)
    with app.test_request_context():
        change_status(idea, IdeaStatus.PLANNED, pm, note="Soon.")
        change_status(idea, IdeaStatus.PLANNED, pm, note="Soon.")  # the API and scripts: no form, no key
        set_theme_status(make_theme("Offline", [make_idea(board, customer)], IdeaStatus.OPEN), IdeaStatus.PLANNED, pm)
        db.session.commit()
    assert count(StatusChange) == 3


def test_the_api_sets_a_status_once_when_sent_again_with_its_idempotency_key(client, app, board, customer, pm):
    idea = backed_idea(app, board, customer)
    headers = {**bearer(token_for(pm)), "Idempotency-Key": "jira-sync-88"}
    body = {"status": "planned", "note": "In June."}
    answers = [client.put(f"/api/v1/ideas/{idea.id}/status", json=body, headers=headers) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [200, 200] and answers[1].json["status"] == "planned"
    assert count(StatusChange) == 1 and count(OutboxEmail, OutboxEmail.kind == "status_changed") == 1
    other = client.put(f"/api/v1/ideas/{idea.id}/status", json={**body, "note": "In July."}, headers=headers)
    assert other.status_code == 422 and "Idempotency-Key" in other.json["errors"]["headers"]
    without_key = client.put(f"/api/v1/ideas/{idea.id}/status", json=body, headers=bearer(token_for(pm)))
    assert without_key.status_code == 200 and count(StatusChange) == 2  # the same update, posted again on purpose
    operation = client.get("/api/v1/openapi.json").json["paths"]["/api/v1/ideas/{idea_id}/status"]["put"]
    assert [p["name"] for p in operation["parameters"] if p["in"] == "header"] == ["Idempotency-Key"]

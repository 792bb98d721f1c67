"""@mentions in comments: who may be mentioned where, forged mentions refused, who is told, how they show."""
import pytest
from sqlalchemy import select

from ideabox.comments import mentions
from ideabox.comments.services import edit_comment
from ideabox.errors import DomainError
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, cast_vote
from ideabox.models import Comment, Vote
from tests import factories
from tests.conftest import ROLES, login
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture
def scene(app, board, customer, other_customer, pm, executive, admin):
    """Casey's idea, which Olive commented on; Vic only voted; Hugh's comment is hidden; a PM left a note."""
    idea = factories.make_idea(board, customer, title="Offline mode")
    factories.make_comment(idea, other_customer, "Same here")
    voter = factories.make_user(display_name="Vic Voter")
    db.session.add(Vote(idea_id=idea.id, user_id=voter.id))
    hidden = factories.make_comment(idea, factories.make_user(display_name="Hugh Hidden"), "spam")
    hidden.is_hidden = True
    note_author = factories.make_user(role="pm", display_name="Nora Notes")
    db.session.add(Comment(idea_id=idea.id, author_id=note_author.id, body="Sales heard this", is_internal=True))
    factories.make_user(role="pm", display_name="Sam Suspended", is_suspended=True)
    db.session.commit()
    return idea


def names(people) -> set[str]:
    return {person.display_name for person in people}


TEAM = {"Pat PM", "Eve Exec", "Ada Admin", "Nora Notes"}


# --- who may be mentioned ---------------------------------------------------------------------


def test_customers_may_mention_the_people_taking_part(scene, customer, other_customer):
    assert names(mentions.suggestions(scene, other_customer, False, "")) == {"Casey Customer"}
    assert names(mentions.suggestions(scene, customer, False, "")) == {"Olive Other"}


def test_the_team_may_also_mention_each_other(scene, pm):
    assert names(mentions.suggestions(scene, pm, False, "")) == {"Casey Customer", "Olive Other"} | TEAM - {"Pat PM"}


def test_internal_notes_mention_the_team_only(scene, pm, executive):
    assert names(mentions.suggestions(scene, pm, True, "")) == TEAM - {"Pat PM"}
    assert names(mentions.suggestions(scene, executive, True, "")) == TEAM - {"Eve Exec"}


def test_suggestions_match_names_starting_with_the_query_first(scene, pm):
    factories.make_user(role="pm", display_name="Apat Prefix")
    assert [p.display_name for p in mentions.suggestions(scene, pm, False, "pa")] == ["Apat Prefix"]
    assert [p.display_name for p in mentions.suggestions(scene, pm, False, "A")][:1] == ["Ada Admin"]
    assert mentions.suggestions(scene, pm, False, "%") == []  # LIKE wildcards are matched literally


@pytest.mark.parametrize("role", ROLES)
def test_the_suggestions_endpoint_for_every_role(client, as_role, scene, role):
    as_role(role)
    response = client.get(f"/ideas/{scene.id}/mentions?q=cas")
    if role == "anonymous":
        assert response.status_code == 401 and response.json["error"] == "Sign in to mention people."
        return
    assert response.status_code == 200
    [casey] = response.json["people"]
    assert casey["name"] == "Casey Customer" and casey["team"] is False
    assert casey["mention"] == f"[@Casey Customer](mention:{casey['id']})"
    internal = client.get(f"/ideas/{scene.id}/mentions?internal=1")
    if role == "customer":
        assert internal.status_code == 403
    else:
        assert {p["name"] for p in internal.json["people"]} <= TEAM and all(p["team"] for p in internal.json["people"])


def test_no_suggestions_from_a_board_one_cannot_see(client, customer, private_board, pm):
    idea = factories.make_idea(private_board, pm, title="Secret")
    login(client, customer)
    assert client.get(f"/ideas/{idea.id}/mentions").status_code == 404


# --- writing a mention ------------------------------------------------------------------------


def test_a_mention_is_stored_under_the_persons_real_name(scene, customer, other_customer):
    comment = add_comment(scene, customer, f"[@The Boss](mention:{other_customer.id}) can you confirm?")
    assert comment.body == f"[@Olive Other](mention:{other_customer.id}) can you confirm?"


@pytest.mark.parametrize(
    ("who", "internal", "message"),
    [
        ("Vic Voter", False, "You can't mention Vic Voter here"),
        ("Pat PM", False, "You can't mention Pat PM here"),
        ("Sam Suspended", False, "You can't mention Sam Suspended here"),
    ],
)
def test_customers_cannot_mention_people_outside_the_idea(scene, customer, who, internal, message):
    target = db.session.scalar(select(factories.User).where(factories.User.display_name == who))
    with pytest.raises(DomainError, match=message):
        add_comment(scene, customer, f"[@{who}](mention:{target.id}) hi", internal=internal)


def test_internal_notes_cannot_mention_customers(scene, pm, customer):
    with pytest.raises(DomainError, match="You can't mention Casey Customer in an internal note"):
        add_comment(scene, pm, f"[@Casey](mention:{customer.id}) hi", internal=True)


def test_a_mention_of_nobody_is_refused(scene, customer):
    with pytest.raises(DomainError, match="someone unknown"):
        add_comment(scene, customer, "[@Ghost](mention:999999) hi")


def test_a_comment_mentions_at_most_twenty_people(scene, pm):
    people = [factories.make_user(role="pm") for _ in range(21)]
    with pytest.raises(DomainError, match="at most 20 people"):
        add_comment(scene, pm, " ".join(mentions.token(person) for person in people))


def test_a_forged_mention_over_http_changes_nothing(client, scene, customer):
    voter = db.session.scalar(select(factories.User).where(factories.User.display_name == "Vic Voter"))
    before = db.session.scalar(select(db.func.count(Comment.id)))
    login(client, customer)
    response = client.htmx_post(f"/ideas/{scene.id}/comments", {"body": f"[@Vic](mention:{voter.id}) look"})
    assert response.status_code == 200 and "You can&#39;t mention Vic Voter here" in response.get_data(as_text=True)
    plain = client.post_form(f"/ideas/{scene.id}/comments", {"body": f"[@Vic](mention:{voter.id}) look"})
    assert plain.status_code == 400
    assert db.session.scalar(select(db.func.count(Comment.id))) == before
    assert notifications_for(voter) == []


# --- who is told ------------------------------------------------------------------------------


def test_the_mentioned_person_is_told_in_app_and_by_email_once(app, scene, customer, other_customer):
    with app.test_request_context():
        add_comment(scene, customer, f"{mentions.token(other_customer)} does it happen offline too?")
    db.session.commit()
    [told] = notifications_for(other_customer)  # Olive follows the idea, yet hears of the comment once
    assert told.kind == "mention" and told.message == "Casey Customer mentioned you on “Offline mode”."
    [mail] = outbox_for(other_customer)
    assert mail.subject == "Casey Customer mentioned you on “Offline mode”."
    assert "@Olive Other does it happen offline too?" in mail.text_body and "mention:" not in mail.text_body
    assert "someone mentioned you" in mail.text_body


def test_mentioning_oneself_tells_nobody(app, scene, customer):
    with app.test_request_context():
        add_comment(scene, customer, f"note to {mentions.token(customer)}")
    db.session.commit()
    assert notifications_for(customer, "mention") == []


def test_an_official_reply_mentioning_a_backer_tells_them_once(app, scene, pm, other_customer):
    with app.test_request_context():
        cast_vote(scene, other_customer)
        add_comment(scene, pm, f"{mentions.token(other_customer)} this is planned for March")
    db.session.commit()
    assert [n.kind for n in notifications_for(other_customer)] == ["mention"]
    [mail] = outbox_for(other_customer)
    assert "@Olive Other this is planned for March" in mail.text_body


def test_an_internal_note_mention_reaches_the_teammate(app, scene, pm, executive):
    with app.test_request_context():
        add_comment(scene, pm, f"{mentions.token(executive)} worth a look", internal=True)
    db.session.commit()
    [told] = notifications_for(executive)
    assert told.message == "Pat PM mentioned you in an internal note on “Offline mode”."
    assert len(outbox_for(executive)) == 1


def test_an_edit_tells_only_the_people_it_newly_mentions(app, scene, customer, other_customer, pm):
    with app.test_request_context():
        comment = add_comment(scene, customer, f"{mentions.token(other_customer)} hello")
        db.session.commit()
        edit_comment(comment, customer, f"{mentions.token(other_customer)} hello again")
        db.session.commit()
        assert len(notifications_for(other_customer, "mention")) == 1
        add_comment(scene, pm, "We are looking into it")  # Pat takes part now, so Casey may mention them
        edit_comment(comment, customer, f"{mentions.token(other_customer)} and {mentions.token(pm)}")
        db.session.commit()
    assert len(notifications_for(other_customer, "mention")) == 1
    assert [n.kind for n in notifications_for(pm, "mention")] == ["mention"]


def test_an_edit_cannot_add_a_forged_mention(app, scene, customer):
    voter = db.session.scalar(select(factories.User).where(factories.User.display_name == "Vic Voter"))
    comment = add_comment(scene, customer, "hello")
    db.session.commit()
    with pytest.raises(DomainError, match="You can't mention Vic Voter"):
        edit_comment(comment, customer, f"{mentions.token(voter)} hello")


# --- how a mention shows ----------------------------------------------------------------------


def test_a_mention_shows_as_a_highlighted_name_not_a_link(client, app, scene, customer, other_customer):
    with app.test_request_context():
        add_comment(scene, customer, f"Thanks {mentions.token(other_customer)}!")
    db.session.commit()
    page = client.get(f"/ideas/{scene.id}").get_data(as_text=True)
    assert '<span class="mention">@Olive Other</span>' in page and "mention:" not in page.split("<textarea")[0]


def test_an_idea_body_cannot_dress_text_up_as_a_mention(client, board, customer):
    idea = factories.make_idea(board, customer, title="Fake", body="[@The CEO says yes](mention:1)")
    page = client.get(f"/ideas/{idea.id}").get_data(as_text=True)
    assert "The CEO says yes" in page and 'class="mention"' not in page


def test_the_comment_box_carries_the_autocomplete_url(client, scene, customer):
    login(client, customer)
    page = client.get(f"/ideas/{scene.id}").get_data(as_text=True)
    assert f'data-mentions="/ideas/{scene.id}/mentions"' in page and "js/mentions.js" in page

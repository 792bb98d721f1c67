"""Words that depend on what they stand for: the follow button is not the "Following" list, and a profile's
figures agree with their count, in French as in English."""
from ideabox.extensions import db
from ideabox.ideas.services import toggle_follow
from ideabox.models import ClusteringRun, IdeaStatus, utcnow
from tests import factories
from tests.conftest import login

FRENCH = {"Accept-Language": "fr"}


def test_the_follow_button_and_the_following_list_are_worded_each_their_own_way(client, app, board, customer):
    idea = factories.make_idea(board, factories.make_user(), title="Offline mode")
    with app.test_request_context():
        toggle_follow(idea, customer)
    db.session.commit()
    login(client, customer)
    button = client.get(f"/ideas/{idea.id}", headers=FRENCH).get_data(as_text=True)
    assert '<span aria-hidden="true">✓</span> Suivie' in button  # an idea: feminine singular
    listing = client.get("/b/mobile?mine=following", headers=FRENCH).get_data(as_text=True)
    assert "Suivies" in listing  # the list of ideas one follows


def test_a_profile_s_figures_agree_with_their_count(client, board, customer):
    factories.make_idea(board, customer, title="Offline mode", status=IdeaStatus.SHIPPED)
    db.session.commit()
    french = client.get(f"/people/{customer.id}", headers=FRENCH).get_data(as_text=True)
    assert ">Idée livrée<" in french and ">Idées livrées<" not in french
    english = client.get(f"/people/{customer.id}").get_data(as_text=True)
    assert ">Idea shipped<" in english and ">Ideas planned or in progress<" in english  # 1 and 0


def test_triage_says_how_suggestions_were_matched_in_words(client, pm):
    db.session.add(ClusteringRun(state="finished", backend="hybrid", finished_at=utcnow()))
    db.session.commit()
    login(client, pm)
    english = client.get("/triage/").get_data(as_text=True)
    assert "Matched by shared words and meaning" in english and "hybrid matching" not in english
    french = client.get("/triage/", headers=FRENCH).get_data(as_text=True)
    assert "hybrid" not in french.split('id="run-status"')[1].split("</div>")[0]

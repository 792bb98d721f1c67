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


def test_a_yours_list_counts_its_ideas_in_one_sentence_that_agrees(client, board, customer):
    factories.make_idea(board, customer, title="Offline mode")
    db.session.commit()
    login(client, customer)
    for url in ("/b/mobile?mine=posted", "/search?mine=posted"):
        french = " ".join(client.get(url, headers=FRENCH).get_data(as_text=True).split())
        assert "1 idée que vous avez publiée" in french, url
    none_voted = " ".join(client.get("/b/mobile?mine=voted&status=shipped", headers=FRENCH).get_data(as_text=True).split())
    assert "0 idée pour laquelle vous avez voté" in none_voted
    english = " ".join(client.get("/search?mine=following").get_data(as_text=True).split())
    assert "0 ideas you follow" in english


def test_triage_writes_its_percentages_as_the_language_does(client, board, pm):
    from tests.factories_triage import make_suggestion

    ideas = [factories.make_idea(board, factories.make_user(), title=title) for title in ("Dark mode", "Night theme")]
    make_suggestion(ideas, title="Dark mode")  # every pair 80% alike
    login(client, pm)
    french = client.get("/triage/", headers=FRENCH).get_data(as_text=True)
    assert "80\u202f%" in french or "80\xa0%" in french
    assert "80%" in client.get("/triage/").get_data(as_text=True)

"""A small site with one of each thing a URL can name, and URLs for every route of the app filled from it."""
from types import SimpleNamespace

from werkzeug.routing import AnyConverter

from ideabox.api.setup import BLUEPRINTS as API_BLUEPRINTS
from ideabox.extensions import db
from ideabox.models import IdeaStatus
from tests import factories
from tests.factories_roadmap import make_release, make_theme

# Token-authenticated and fuzzed in test_security_api_fuzz.py; api-docs serves its OpenAPI document.
API = {blueprint.name for blueprint in API_BLUEPRINTS}
STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
# Words that appear only in what visitors and customers may never see.
PRIVATE_MARKS = ("Zanzibar-private-board", "Zanzibar-private-idea", "Zanzibar-internal-note", "Zanzibar-hidden")
# URL parts that name no row: a value that reaches a real page or a clean 404 is all the walk needs.
URL_VALUES = {"token": "not-a-real-token", "kind": "idea", "key": "0" * 32, "extension": "png",
              "filename": "nothing-here.css"}


def seed_site(admin) -> SimpleNamespace:
    """A public board with an idea, comment, internal note and hidden comment, a theme, a release, a tag and an
    account; a private board with an idea and comment, each marked with PRIVATE_MARKS."""
    customer = factories.make_user(role="customer", email="sam@example.com", display_name="Sam Customer")
    pm = factories.make_user(role="pm", email="paula@example.com", display_name="Paula PM")
    board = factories.make_board(name="Mobile app", slug="mobile")
    private = factories.make_board(name="Zanzibar-private-board", slug="hidden-room", is_private=True)
    idea = factories.make_idea(board, customer, title="Offline mode", status=IdeaStatus.PLANNED)
    secret = factories.make_idea(private, pm, title="Zanzibar-private-idea")
    comment = factories.make_comment(idea, customer, body="Me too, on the train.")
    secret_comment = factories.make_comment(secret, pm, body="Zanzibar-private-idea is on track.")
    note = factories.make_comment(idea, pm, body="Zanzibar-internal-note: Acme pays for this.")
    spammer = factories.make_user(role="customer", email="spam@example.com", display_name="Spammer")
    hidden = factories.make_comment(idea, spammer, body="Zanzibar-hidden advert")
    note.is_internal, hidden.is_hidden = True, True
    theme = make_theme("Working offline", ideas=[idea])
    release = make_release(title="Offline maps", idea=idea, author=admin)
    tag = factories.make_tag()
    account = factories.make_customer_account()
    db.session.commit()
    public = {"idea_id": idea.id, "comment_id": comment.id, "theme_id": theme.id, "release_id": release.id,
              "tag_id": tag.id, "account_id": account.id, "board_id": board.id, "user_id": customer.id,
              "slug": board.slug, "item_id": idea.id}
    return SimpleNamespace(public=public, private={**public, "idea_id": secret.id, "comment_id": secret_comment.id,
                                                   "board_id": private.id, "slug": private.slug, "item_id": secret.id},
                           customer=customer, pm=pm)


def url_for_rule(rule, values: dict) -> str:
    """The rule's path with every variable filled: from `values` by name, else a first choice or a harmless
    value (1 for an id that is not seeded)."""
    filled = {}
    for name in rule.arguments:
        converter = rule._converters[name]
        if name in values:
            filled[name] = values[name]
        elif isinstance(converter, AnyConverter):  # <any(hide, show):…>: its first choice
            filled[name] = converter.regex.removeprefix("(?:").split("|")[0].rstrip(")")
        else:
            filled[name] = URL_VALUES.get(name, 1)
    return rule.build(filled, append_unknown=False)[1]


def state_changing_rules(app):
    """(rule, method) for every state-changing route of the site outside the API."""
    return [(rule, method) for rule in app.url_map.iter_rules()
            for method in sorted(rule.methods & STATE_CHANGING) if rule.endpoint.split(".")[0] not in API]


def page_rules(app):
    """Every GET route of the site outside the API and the static files."""
    return sorted((rule for rule in app.url_map.iter_rules() if "GET" in rule.methods and rule.endpoint != "static"
                   and rule.endpoint.split(".")[0] not in API | {"api-docs"}), key=lambda rule: rule.rule)

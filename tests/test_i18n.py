"""Translations work in requests and outside them (CLI commands, jobs)."""
from flask_babel import get_locale, get_timezone, gettext


def test_translated_strings_outside_a_request(app):
    assert gettext("Open") == "Open"
    assert str(get_locale()) == "en"
    assert str(get_timezone()) == "UTC"


def test_time_zone_cookie_is_used_for_visitors(app):
    with app.test_request_context("/", headers={"Cookie": "tz=Europe/Paris"}):
        assert str(get_timezone()) == "Europe/Paris"

"""The French catalog: complete, checked by Babel, up to date with the code, and compiled as committed."""
from io import BytesIO
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from ideabox.i18n import SUPPORTED_LOCALES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "ideabox" / "translations"
# the same keywords as `make translations` gives pybabel extract
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "lazy_ngettext": (1, 2)}
TRANSLATED = [locale for locale in SUPPORTED_LOCALES if locale != "en"]


def catalog(locale: str):
    with open(TRANSLATIONS / locale / "LC_MESSAGES" / "messages.po", "rb") as po:
        return read_po(po, locale=locale)


def extracted_ids() -> set[str]:
    """Every msgid in the code and templates now, extracted as babel.cfg says."""
    with open(ROOT / "babel.cfg") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)
    found = set()
    for folder in ("ideabox", "templates"):
        for _, _, message, _, _ in extract_from_dir(str(ROOT / folder), method_map, options_map, keywords=KEYWORDS):
            found.add(message[0] if isinstance(message, tuple) else message)
    return found


@pytest.mark.parametrize("locale", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy(locale):
    messages = [message for message in catalog(locale) if message.id]
    untranslated = [message.id for message in messages
                    if not all(message.string if isinstance(message.string, tuple) else [message.string])]
    assert len(messages) > 1000
    assert untranslated == []
    assert [message.id for message in messages if message.fuzzy] == []


@pytest.mark.parametrize("locale", TRANSLATED)
def test_babel_checkers_pass(locale):
    """Placeholders such as %(name)s kept exactly, and as many plural forms as the language has."""
    problems = [(message.id, [str(error) for error in errors]) for message, errors in catalog(locale).check()]
    assert problems == []


def test_french_plurals_are_singular_for_zero_and_one():
    french = catalog("fr")
    assert french.num_plurals == 2 and french.plural_expr == "(n > 1)"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_catalog_has_every_message_the_code_has_now(locale):
    known = {message.id[0] if isinstance(message.id, tuple) else message.id for message in catalog(locale)}
    assert sorted(extracted_ids() - known) == [], "run `make translations` and translate the new messages"


@pytest.mark.parametrize("locale", TRANSLATED)
def test_the_committed_mo_is_the_po_compiled(locale):
    compiled = BytesIO()
    write_mo(compiled, catalog(locale))
    assert (TRANSLATIONS / locale / "LC_MESSAGES" / "messages.mo").read_bytes() == compiled.getvalue(), \
        "run `make translations` (or pybabel compile) and commit the .mo"

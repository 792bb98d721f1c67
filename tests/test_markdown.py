"""Markdown is rendered safely; excerpts are plain text (escaped once, by the template)."""
from ideabox.markdown import markdown_excerpt, render_markdown


def test_scripts_and_event_handlers_never_survive():
    html = str(render_markdown('<script>alert(1)</script> <img src=x onerror=alert(1)> [x](javascript:alert(1))'))
    assert "<script" not in html and "<img" not in html and 'href="javascript' not in html
    assert "&lt;script&gt;" in html  # shown as text, never run


def test_excerpt_is_plain_text_not_html_entities():
    assert markdown_excerpt("**R&D** wants <dark> mode") == "R&D wants <dark> mode"


def test_excerpt_is_cut_on_a_word():
    excerpt = markdown_excerpt("word " * 100, length=20)
    assert len(excerpt) <= 20 and excerpt.endswith("word…")


def test_excerpt_of_a_long_text_comes_from_its_start():
    body = "We need **dark mode** on the mobile app. " + "More reasons follow. " * 500 + "[unclosed"
    excerpt = markdown_excerpt(body, length=60)
    assert excerpt.startswith("We need dark mode on the mobile app.") and excerpt.endswith("…")
    assert markdown_excerpt("short *text*") == "short text"

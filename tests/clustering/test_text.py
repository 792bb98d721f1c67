import pytest

from ideabox.clustering import Document
from ideabox.clustering.text import _split_identifiers, clean, lexical_fields, semantic_text


def test_clean_drops_markup_urls_and_greetings():
    text = "Hi,\n**Please** add [dark mode](https://example.com/x?y=1) — see https://docs.example.com/themes/dark\nThanks!"
    out = clean(text)
    assert "**" not in out and "http" not in out and "?y=1" not in out
    assert "dark mode" in out and "themes" in out
    assert not out.lower().startswith("hi") and "Thanks" not in out


def test_clean_keeps_exception_but_drops_stack_frames():
    body = "Crash on save\n```\njava.lang.NullPointerException: user is null\n  at com.acme.Saver.save(Saver.java:42)\n```"
    out = clean(body)
    assert "NullPointerException" in out
    assert "Saver.java:42" not in out


@pytest.mark.parametrize("body, dropped", [
    ("Crash on save\n  at com.acme.Saver.save(Saver.java:42)\nafter", "Saver.java:42"),  # a bare Java frame
    ("Crash on save\n\t... 12 more\nafter", "12 more"),  # the frame count line, with no "(" in the text
    ('Crash on save\n  File "saver.py", line 3, in save\nafter', "saver.py"),  # a Python frame
    ("Crash {code}NPE at line one{code} after", "{code}"),  # a JIRA block keeps its text, not its tags
    ("Crash {noformat}log line{noformat} after", "noformat"),
])
def test_clean_drops_each_kind_of_frame_and_block_markup(body, dropped):
    out = clean(body)
    assert dropped not in out
    assert out.startswith("Crash") and out.endswith("after")


def test_identifiers_are_split_into_words():
    title, _ = lexical_fields(Document(1, "exportToCsv fails"))
    assert "export to csv" in title


@pytest.mark.parametrize("text,parts", [
    ("see sun.nio.ch.Util$1 here", ["nio ch util 1"]),
    ("the TaskTracker$Child runs", ["task tracker child"]),
    ("HTTPServer and iPhone", ["i phone"]),  # a run of capitals then a word is not split
    ("café.menu is ok", ["café menu"]),
    ("Plain words. Only words", []),
    ("a$ b. c$d", ["c d"]),
])
def test_only_names_with_dots_dollars_or_inner_capitals_are_split(text, parts):
    out = _split_identifiers(text)
    assert out == text + "".join(" " + p for p in parts)


def test_semantic_text_puts_title_first():
    assert semantic_text(Document(1, "Dark mode", "Night theme please")) == "Dark mode. Night theme please"
    assert semantic_text(Document(1, "Dark mode?", "")) == "Dark mode?"


@pytest.mark.parametrize("body, dropped, kept", [
    # greetings and frames are found line by line, however many blank lines stand around them
    ("Hi,\n\n\n\nthe build fails\n\n\n\nthanks!\n\n", "thanks", "the build fails"),
    ("Crash\n\n\n   at com.acme.Saver.save(Saver.java:42)   \n\n\nafter", "Saver.java", "after"),
    ("{code:title=Saver.java|borderStyle=solid}NPE in save{code} after", "borderStyle", "NPE in save"),
    ("see [the dark mode docs](https://example.com/dark) now", "example", "the dark mode docs"),
    ('a [link](https://example.com/x "Its title") here', "Its title", "link"),
])
def test_cleaning_rules_match_within_their_line_or_bracket(body, dropped, kept):
    out = clean(body)
    assert dropped not in out and kept in out


@pytest.mark.parametrize("text, kept", [
    # what a scan stopping early leaves alone: no macro, no link
    ("{code:" * 50 + " the build fails", "the build fails"),
    ("[" * 50 + "](" + " dark mode", "dark mode"),
    ("\n" * 500 + "hi there, the build fails", "hi there, the build fails"),
])
def test_unclosed_macros_brackets_and_long_blank_runs_keep_their_text(text, kept):
    assert clean(text).endswith(kept)

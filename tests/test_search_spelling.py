"""Correcting a misspelt search to the words the ideas use (ideabox.ideas.spelling), without the database."""
from collections import Counter

import pytest

from ideabox.ideas.spelling import closest_word, corrected_search

VOCABULARY = Counter({"dark": 9, "mode": 7, "export": 5, "exports": 1, "notifications": 3, "calendar": 2,
                      "slack": 4, "integration": 2, "car": 3, "cat": 1, "2fa": 2, "xyz": 1})


@pytest.mark.parametrize("query, expected", [
    ("drak mode", "dark mode"),  # letters swapped
    ("notifcations", "notifications"),  # one left out
    ("Calender", "calendar"),
    ('"slak integraton" -drak', '"slack integration" -dark'),  # quotes and exclusions kept
    ("exprot or calender", "export or calendar"),  # "or" is the query's own syntax
])
def test_unknown_words_become_the_closest_known_ones(query, expected):
    assert corrected_search(query, VOCABULARY) == expected


@pytest.mark.parametrize("query", ["dark mode", "teleport", "cta", "ux", "2025 roadmap", "", "?!",
                                   "xyzzy"])  # "xyz": two slips in five letters
def test_known_short_number_or_unlike_words_are_left_alone(query):
    assert corrected_search(query, VOCABULARY) is None


def test_among_equally_alike_words_the_most_used_wins():
    assert closest_word("bast", Counter({"best": 3, "bust": 1})) == "best"
    assert closest_word("bast", Counter({"best": 1, "bust": 3})) == "bust"
    assert closest_word("exportt", VOCABULARY) == "export"  # one slip away wins over two, however used

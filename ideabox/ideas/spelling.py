"""'Did you mean …?' for a search that found nothing: each word no idea uses is swapped for the closest word the
ideas at hand do use, so "drak mode" offers "dark mode".

"Closest" is the fewest typing slips (a letter left out, added, changed, or two swapped: rapidfuzz's optimal
string alignment distance), at most one per four letters, the most used word among equals. The words come from the
ideas the searcher may see (ideas.queries.search_vocabulary), never a private board's: a suggested word must not
tell of an idea the searcher cannot read."""
import re
from collections import Counter

from rapidfuzz import process
from rapidfuzz.distance import OSA

MIN_WORD = 4  # "ux", "cta": too short to tell a typo from another word
LETTERS_PER_SLIP = 4
_WORD = re.compile(r"[^\W_]+")


def words_of(text: str) -> list[str]:
    return [word.lower() for word in _WORD.findall(text or "")]


def closest_word(word: str, vocabulary: Counter) -> str | None:
    """The known word fewest slips away from `word` (the most used among equals), or None when none is close."""
    slips = max(1, len(word) // LETTERS_PER_SLIP)
    found = process.extract(word, list(vocabulary), scorer=OSA.distance, score_cutoff=slips, limit=None)
    if not found:
        return None
    return min(found, key=lambda match: (match[1], -vocabulary[match[0]], match[0]))[0]


def corrected_search(terms: str, vocabulary: Counter) -> str | None:
    """The query with each unknown word swapped for its closest known word, keeping its quotes, `-` and `or`;
    None when every word is known or none has a close match."""
    changed = False

    def correct(match: re.Match) -> str:
        nonlocal changed
        word = match.group(0)
        lower = word.lower()
        if len(lower) < MIN_WORD or lower.isdigit() or lower in vocabulary:
            return word
        better = closest_word(lower, vocabulary)
        if better is None:
            return word
        changed = True
        return better

    corrected = _WORD.sub(correct, terms)
    return corrected if changed else None

"""Text people type: what a form keeps of it, and what counts as saying nothing (spaces, characters that draw
nothing)."""
import unicodedata

# letters that draw nothing (Hangul fillers) and the braille blank: a title of them reads as empty
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def says_nothing(text: str) -> bool:
    """True when every character is a space, an invisible format character (zero-width spaces and joiners, the
    byte-order mark, direction marks) or one of INVISIBLE: a title or name of them shows as an empty line."""
    return all(ch.isspace() or ch in INVISIBLE or unicodedata.category(ch) == "Cf" for ch in text)


def typed_text(value):
    """What was typed, trimmed, with the browser's CRLF line breaks as one character each, as the services count
    them: 10,000 characters of 100 lines are what the box let through, not 10,099. The filter of every text area."""
    return value.replace("\r\n", "\n").strip() if isinstance(value, str) else value

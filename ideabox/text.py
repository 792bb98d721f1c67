"""What counts as saying nothing in a text people type: spaces, and characters that draw nothing."""
import unicodedata

# letters that draw nothing (Hangul fillers) and the braille blank: a title of them reads as empty
INVISIBLE = frozenset("\u115f\u1160\u3164\uffa0\u2800")


def says_nothing(text: str) -> bool:
    """True when every character is a space, an invisible format character (zero-width spaces and joiners, the
    byte-order mark, direction marks) or one of INVISIBLE: a title or name of them shows as an empty line."""
    return all(ch.isspace() or ch in INVISIBLE or unicodedata.category(ch) == "Cf" for ch in text)

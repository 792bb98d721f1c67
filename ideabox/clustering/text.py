"""Turn user-written suggestions into text fit for lexical and semantic matching."""
from __future__ import annotations

import re

from .documents import Document

_FENCED = re.compile(r"```.*?(?:```|\Z)|~~~.*?(?:~~~|\Z)", re.S)
# No pattern below may scan far and then fail at many starting points: that takes time quadratic in
# the text (20,000 blank lines took 18 s). So spaces around a line stop at its end ([^\S\n]), and a
# macro's parameters or a link's text stop at the next brace or bracket.
_WIKI_BLOCK = re.compile(r"\{(code|noformat|quote)(?::[^{}\n]*)?\}(.*?)(?:\{\1\}|\Z)", re.S)
_FRAME = re.compile(
    r"^[^\S\n]*(?:at\s+[\w$.<>/]+\(.*?\)|\.\.\.\s*\d+\s+more|File \".*?\", line \d+.*)[^\S\n]*$", re.M
)
_URL = re.compile(r"\b(?:https?://|www\.)[^\s)\]>\"']+", re.I)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+\.[\w.]+\b")
_TIMESTAMP = re.compile(r"\b\d{2,4}[-/]\d{2}[-/]\d{2,4}[ T]\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?\b")
_CLOCK = re.compile(r"\d:\d")
# \b(?:0x[0-9a-f]+|\d[\d.,:_-]*)\b, written to start with a digit so the scan skips other characters
_NUMBERS = re.compile(r"\d(?<!\w\d)(?:(?<=0)x[0-9a-f]+\b|[\d.,:_-]*\b)", re.I)
_MD_LINK = re.compile(r"!?\[([^\[\]]*)\]\([^()]*\)")
_MARKUP = re.compile(r"[*_#>|~`=^{}\[\]]+")
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])")
# dotted or $-joined names, camelCase, PascalCase; the lookahead (every such name has a ".", "$" or
# capital after its first lowercase run) rejects a plain word in one pass instead of three
# backtracking ones: 43% less time over the dev set and the bench corpus, the same matches
_IDENT = re.compile(
    r"\b(?=[A-Za-z][^\WA-Z]*+[.$A-Z])"
    r"(?:[A-Za-z][\w$]*(?:[.$][A-Za-z_][\w$]*)+\b|[a-z]+[A-Z]\w*\b|[A-Z][a-z]+[A-Z]\w*\b)"
)
_BOILERPLATE = re.compile(
    r"^[^\S\n]*(?:hi|hello|hey|thanks?(?: you)?|thx|cheers|regards|best regards|please advise)(?:[^\S\n]|[,!.])*$",
    re.I | re.M,
)
MAX_BLOCK_CHARS = 300


def _shorten_block(match: re.Match) -> str:
    """Keep the informative head of a code/log block: message lines, not every frame."""
    inner = match.group(2) if match.re is _WIKI_BLOCK else match.group(0).strip("`~")
    inner = _FRAME.sub("", inner)
    return " " + inner[:MAX_BLOCK_CHARS] + " "


def _url_words(match: re.Match) -> str:
    """Replace a URL by the words of its host and path (no scheme, ids or query)."""
    url = re.sub(r"^(?:https?://)?(?:www\.)?", "", match.group(0), flags=re.I)
    url = url.split("?")[0].split("#")[0]
    return " " + " ".join(w for w in re.split(r"[/._-]+", url) if w.isalpha()) + " "


def _split_identifiers(text: str) -> str:
    """Append the parts of camelCase and dotted identifiers so they match plain words."""
    parts = []
    for ident in _IDENT.findall(text):
        words = _CAMEL.sub(" ", ident.replace(".", " ").replace("$", " ")).lower().split()
        parts.append(" ".join(words[-4:]))
    return text + (" " + " ".join(parts) if parts else "")


def clean(text: str) -> str:
    """Strip markup, code/log noise, URLs and greetings from a title or body."""
    if not text:
        return ""
    # a substitution is skipped when a substring its pattern needs is missing: most texts have no
    # fences, links or stamps
    if "```" in text or "~~~" in text:
        text = _FENCED.sub(_shorten_block, text)
    if "{" in text:
        text = _WIKI_BLOCK.sub(_shorten_block, text)
    if "(" in text or "more" in text or 'File "' in text:  # what each kind of stack frame line holds
        text = _FRAME.sub(" ", text)
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "://" in text or "www." in text.lower():
        text = _URL.sub(_url_words, text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    if ":" in text and _CLOCK.search(text):
        text = _TIMESTAMP.sub(" ", text)
    text = _BOILERPLATE.sub(" ", text)
    text = _MARKUP.sub(" ", text)
    return " ".join(text.split())  # str.split() splits on exactly the characters re's \s matches


def lexical_fields(doc: Document) -> tuple[str, str]:
    """Return the cleaned (title, body) used by the lexical model."""
    title = _split_identifiers(clean(doc.title))
    body = _NUMBERS.sub(" ", _split_identifiers(clean(doc.body)))
    return title, body


def semantic_text(doc: Document, max_chars: int = 600) -> str:
    """Return the title followed by the start of the cleaned body, for a sentence encoder."""
    title = clean(doc.title)
    body = clean(doc.body)[:max_chars]
    if not body:
        return title
    sep = "" if title.endswith((".", "?", "!", ":")) else "."
    return f"{title}{sep} {body}"

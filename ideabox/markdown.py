"""Render user-written Markdown to HTML that cannot run scripts."""
import hashlib
import html
import importlib
from threading import Lock

import nh3
from cachetools import LRUCache, cached
from markdown_it import MarkdownIt
from markdown_it.token import Token
from markupsafe import Markup, escape

# A table's rows are padded with empty cells to the header's width: a 2,000-character comment with a
# wide header and one-cell rows took 1.2 s and gave 662 kB of HTML under the library's own cap of
# 65,536 padded cells. Our texts are at most 10,000 characters, so a real table never pads that many.
# (markdown-it-py 4.0 added the cap; the package exports the rule function under the module's name)
importlib.import_module("markdown_it.rules_block.table").MAX_AUTOCOMPLETED_CELLS = 1000

def _align_cells(state) -> None:
    """Give aligned table cells an align attribute: the sanitiser drops the style markdown-it writes."""
    for token in state.tokens:
        if token.type in ("th_open", "td_open") and "style" in token.attrs:
            token.attrs = {"align": str(token.attrs["style"]).removeprefix("text-align:")}


def _mention_names(state) -> None:
    """Show a comment's `[@Pat PM](mention:12)` (comments.mentions) as a highlighted name, not a link."""
    for block in state.tokens:
        inline = block.children or []
        for position, token in enumerate(inline):
            if token.type == "link_open" and str(token.attrs.get("href", "")).startswith("mention:"):
                close = next(t for t in inline[position + 1:] if t.type == "link_close")
                token.type, token.tag, token.attrs = "mention_open", "span", {"class": "mention"}
                close.type, close.tag = "mention_close", "span"


def _images_elsewhere_as_links(state) -> None:
    """Show an image from another site as a link to it: the Content-Security-Policy loads images from this site
    only (so no reader's visit is reported to a stranger's server), and the image would show broken."""
    for block in state.tokens:
        if not any(token.type == "image" for token in block.children or ()):
            continue
        kept, in_link = [], False
        for token in block.children:
            in_link = token.type == "link_open" or (in_link and token.type != "link_close")
            source = str(token.attrs.get("src", "")) if token.type == "image" else ""
            if token.type != "image" or (source.startswith("/") and not source.startswith("//")):
                kept.append(token)
                continue
            words = Token("text", "", 0, content=token.content or source)
            kept += [words] if in_link else [Token("link_open", "a", 1, attrs={"href": source}), words,
                                             Token("link_close", "a", -1)]
        block.children = kept


# Past this depth markdown-it stops reading the text, and drops the rest of it unseen: CommonMark's preset of 20
# lost everything after a list ten levels deep (each counts twice). A hundred, its own default's, keeps any text a
# person writes whole and still bounds the parser's recursion.
MAX_NESTING = 100


def _parser(*rules):
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "maxNesting": MAX_NESTING})
    parser.enable("strikethrough").enable("table")
    for rule in rules:
        parser.core.ruler.push(rule.__name__.strip("_"), rule)
    return parser


_markdown = _parser(_align_cells, _images_elsewhere_as_links)
_comment_markdown = _parser(_align_cells, _images_elsewhere_as_links, _mention_names)

ALLOWED_TAGS = {
    "p", "br", "strong", "em", "del", "s", "code", "pre", "blockquote", "ul", "ol", "li",
    "a", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "table", "thead", "tbody", "tr", "th", "td", "img",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "img": {"src", "alt", "title"}, "th": {"align"}, "td": {"align"}}


# Markdown can multiply a text: one link reference used 1,300 times made 5,000 characters into 1 MB
# of HTML. Real formatting stays under 9 times the text (a table of empty cells; short links 8, prose 1)
EXPANSION_LIMIT = 16
EXPANSION_FLOOR = 32_000


def _recent(characters: int) -> LRUCache:
    """A cache of rendered texts holding at most about this many characters per worker."""
    return LRUCache(maxsize=characters, getsizeof=lambda rendered: len(rendered) + 100)


def _digest(text: str | None) -> bytes:
    """The cache key of a text: a digest, so the texts themselves (up to 10,000 characters) are not kept."""
    return hashlib.blake2b((text or "").encode("utf-8", "surrogatepass"), digest_size=16).digest()


# The idea page renders its body and every comment on each view, and markdown-it needs 50-200 ms for
# 10,000 characters of brackets or emphasis markers: keep the HTML of texts shown recently
def _render(parser: MarkdownIt, text: str | None) -> Markup:
    text = text or ""
    clean = nh3.clean(
        parser.render(text),
        tags=ALLOWED_TAGS | {"span"},
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values={"span": {"class": {"mention"}}},
        url_schemes={"http", "https", "mailto"},
        link_rel="nofollow noopener noreferrer ugc",
    )
    if len(clean) > max(EXPANSION_FLOOR, EXPANSION_LIMIT * len(text)):
        return Markup("<p>%s</p>") % Markup("<br>\n").join(escape(line) for line in text.splitlines())
    return Markup(clean)


@cached(_recent(4_000_000), key=_digest, lock=Lock())
def render_markdown(text: str) -> Markup:
    """Render Markdown, then sanitise the HTML with nh3 (raw HTML is escaped before that).

    A text whose HTML would pass EXPANSION_LIMIT times its length is shown unformatted instead.
    """
    return _render(_markdown, text)


@cached(_recent(4_000_000), key=_digest, lock=Lock())
def render_comment(text: str) -> Markup:
    """Render a comment as render_markdown does, its @mentions shown as highlighted names (only
    comments have their mentions checked when written)."""
    return _render(_comment_markdown, text)


# An excerpt needs only the start of a text: a page lists 20 of them, and Markdown of 10,000 brackets
# takes markdown-it 110 ms to parse (1,000 characters: 19 ms)
EXCERPT_SOURCE_CHARS = 1000


def markdown_excerpt(text: str, length: int = 220) -> str:
    """Plain-text excerpt of Markdown for cards and emails, from the start of the text."""
    plain = _plain_text((text or "")[: max(EXCERPT_SOURCE_CHARS, 4 * length)])
    return plain if len(plain) <= length else plain[: length - 1].rsplit(" ", 1)[0] + "…"


@cached(_recent(1_000_000), key=_digest, lock=Lock())
def _plain_text(source: str) -> str:
    """The words of a Markdown text, on one line (a board page lists the same ideas view after view)."""
    return " ".join(html.unescape(nh3.clean(_markdown.render(source), tags=set())).split())

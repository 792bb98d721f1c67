"""Events as Slack messages (mrkdwn): one line saying what happened, a link, and a quote of the words."""
from flask_babel import force_locale, gettext as _, ngettext

from ideabox.branding import site_name
from ideabox.i18n import site_locale
from ideabox.markdown import markdown_excerpt
from ideabox.templating import status_label

QUOTE_LENGTH = 300


def escape(text: str) -> str:
    """Slack reads &, < and > as markup: https://api.slack.com/reference/surfaces/formatting#escaping."""
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(item: dict) -> str:
    return f"<{item['url']}|{escape(item['title'])}>"


def quote(markdown: str) -> str:
    words = markdown_excerpt(markdown, QUOTE_LENGTH)
    return f"\n>{escape(words)}" if words else ""


def name(person: dict | None) -> str:
    return escape(person["name"]) if person else _("Someone")


def _status_change(data: dict, item: dict) -> str:
    if data["from_status"] == data["to_status"]:
        line = _("%(name)s posted an update on %(item)s", name=name(data["changed_by"]), item=link(item))
    else:
        line = _("%(item)s is now *%(status)s*", item=link(item), status=status_label(data["to_status"]))
    return line + quote(data.get("note", ""))


def _move(data: dict) -> str:
    """Told without the private board's name when the channel does not hear of private boards (no link either,
    when the idea went onto one)."""
    idea, origin, destination, who = data["idea"], data["from_board"], data["to_board"], name(data["moved_by"])
    if destination is None:
        return _("%(name)s moved “%(title)s” off _%(board)s_, to a private board", name=who,
                 title=escape(idea["title"]), board=escape(origin["name"]))
    if origin is None:
        return _("%(name)s moved %(idea)s to _%(board)s_", name=who, idea=link(idea), board=escape(destination["name"]))
    return _("%(name)s moved %(idea)s from _%(origin)s_ to _%(destination)s_", name=who, idea=link(idea),
             origin=escape(origin["name"]), destination=escape(destination["name"]))


def _text(event_type: str, data: dict) -> str:
    if event_type == "idea.created":
        idea = data["idea"]
        return _("%(name)s posted %(idea)s on _%(board)s_", name=name(idea["author"]), idea=link(idea),
                 board=escape(idea["board"]["name"])) + quote(idea["body"])
    if event_type == "idea.status_changed":
        return _status_change(data, data["idea"])
    if event_type == "theme.status_changed":
        return _status_change(data, data["theme"])
    if event_type == "idea.withdrawn":
        return _("%(idea)s was withdrawn by its author", idea=link(data["idea"]))
    if event_type == "vote.created":
        return ngettext("%(name)s voted for %(idea)s (%(num)d vote)", "%(name)s voted for %(idea)s (%(num)d votes)",
                        data["idea"]["votes"], name=name(data["voter"]), idea=link(data["idea"]))
    if event_type == "vote.deleted":
        return _("%(name)s took back their vote for %(idea)s", name=name(data["voter"]), idea=link(data["idea"]))
    if event_type == "comment.created":
        comment = data["comment"]
        target = {"url": comment["url"], "title": data["idea"]["title"]}
        words = _("%(name)s replied for the team on %(idea)s") if comment["official"] else \
            _("%(name)s commented on %(idea)s")
        return words % {"name": name(comment["author"]), "idea": link(target)} + quote(comment["body"])
    if event_type == "ideas.merged":
        merged = ", ".join(escape(item["title"]) for item in data["merged"])
        return ngettext("%(num)d duplicate merged into %(idea)s: %(titles)s",
                        "%(num)d duplicates merged into %(idea)s: %(titles)s",
                        len(data["merged"]), idea=link(data["idea"]), titles=merged)
    if event_type == "idea.moved":
        return _move(data)
    if event_type == "release.published":
        release = data["release"]
        return _("Released: %(release)s", release=link(release)) + quote(release["body"])
    return _("%(site)s is connected: this is a test message.", site=escape(site_name()))


def message(event_type: str, data: dict) -> dict:
    """The JSON body an incoming webhook takes."""
    with force_locale(site_locale()):  # a channel of many readers: the site's language
        return {"text": _text(event_type, data), "unfurl_links": False, "unfurl_media": False}

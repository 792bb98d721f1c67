"""The lists a notification email belongs to, so its unsubscribe link (and the one-click List-Unsubscribe header,
RFC 8058) stops that kind of email only, as people expect: the weekly insights email's stops the insights email,
not the news of ideas they voted for. Emails about the account itself (a reset link) belong to none and carry no
unsubscribe link: they answer something the person just asked for."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import delete

from ideabox.extensions import db
from ideabox.models import OutboxEmail, User

EVERY_EMAIL = "all"  # the news of ideas one backs, follows, owns or is mentioned on, and every list below


@dataclass(frozen=True)
class MailingList:
    name: str
    setting: str  # the User column that takes the list's emails
    question: str  # the unsubscribe page's heading
    effect: str  # what unsubscribing stops, with %(email)s
    done: str  # what the page says once it is stopped, with %(email)s


LISTS = {mailing_list.name: mailing_list for mailing_list in (
    MailingList(
        EVERY_EMAIL, "email_notifications", _l("Stop email notifications?"),
        _l("We'll stop emailing %(email)s about status changes, official replies and releases. You'll still see "
           "them under the bell when you sign in."),
        _l("We won't email %(email)s about ideas any more. You can turn emails back on in your account settings."),
    ),
    MailingList(
        "changelog", "changelog_emails", _l("Stop emailing every release note?"),
        _l("We'll stop emailing %(email)s every release note on the changelog. You'll still hear when something "
           "you voted for or follow ships."),
        _l("We won't email %(email)s every release note any more, only those of ideas you voted for or follow."),
    ),
    MailingList(
        "new_ideas", "new_idea_notifications", _l("Stop hearing of every new idea?"),
        _l("We'll stop telling %(email)s of each idea customers post, by email, in the daily digest and under the "
           "bell. Your other emails continue."),
        _l("We won't tell %(email)s of every new idea any more. Your other emails continue."),
    ),
    MailingList(
        "insights", "insights_email", _l("Stop the weekly insights email?"),
        _l("We'll stop sending %(email)s the weekly insights email. Your other emails continue."),
        _l("We won't send %(email)s the weekly insights email any more. Your other emails continue."),
    ),
)}


def mailing_list_named(name: str | None) -> MailingList | None:
    """The list of that name; no name is every email (links sent before lists existed); an unknown one None."""
    return LISTS.get(name or EVERY_EMAIL)


def unsubscribe(user: User, mailing_list: MailingList) -> User:
    """Stop the list's emails to the user and drop those of them not yet sent (every email: all but the emails
    about the account itself, such as a reset link the person may be waiting for)."""
    setattr(user, mailing_list.setting, False)
    unsent = delete(OutboxEmail).where(OutboxEmail.user_id == user.id, OutboxEmail.sent_at.is_(None))
    if mailing_list.name == EVERY_EMAIL:
        unsent = unsent.where(OutboxEmail.mailing_list.is_not(None))
    else:
        unsent = unsent.where(OutboxEmail.mailing_list == mailing_list.name)
    db.session.execute(unsent.execution_options(synchronize_session=False))
    db.session.flush()
    return user

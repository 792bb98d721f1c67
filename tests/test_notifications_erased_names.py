"""Erasing an account reaches others' emails not yet sent: those that can be written again read "Deleted user" (in
each reader's language), any other that names the person does not go out. Sent ones stay as they went."""
import pytest
from flask_babel import force_locale

from ideabox.auth.erasure import erase_account
from ideabox.comments import mentions
from ideabox.extensions import db
from ideabox.ideas.services import add_comment, assign_owner, cast_vote, submit_idea
from ideabox.notifications.digest import send_new_idea_digests
from ideabox.notifications.mailer import drain_outbox
from tests.factories import make_idea, make_user
from tests.factories_notifications import notifications_for, outbox_for


@pytest.fixture(autouse=True)
def default_locale(app):
    with force_locale("en"):
        yield


@pytest.fixture
def alice(app):
    return make_user(display_name="Alice Martin", email="alice@example.com")


def unsent_to(person) -> list:
    db.session.expire_all()
    return sorted((email for email in outbox_for(person) if email.sent_at is None), key=lambda email: email.id)


def all_words(email) -> str:
    return email.subject + email.text_body + email.html_body


def test_a_new_idea_s_email_to_the_team_no_longer_names_its_erased_author(board, alice, pm, admin):
    submit_idea(board, alice, "Project templates", "Per team.")
    db.session.commit()
    [before] = unsent_to(pm)
    assert "Alice Martin posted “Project templates” on Mobile app." in before.text_body
    erase_account(alice, admin)
    db.session.commit()
    [after] = unsent_to(pm)
    assert "Deleted user posted “Project templates” on Mobile app." in after.text_body
    assert "Alice" not in all_words(after) and "Hi Pat PM," in after.text_body


def test_an_erased_team_member_s_official_reply_and_mention_are_written_again(board, customer, other_customer,
                                                                              admin):
    pat = make_user(role="pm", display_name="Pat Smith")
    idea = make_idea(board, other_customer, title="Offline mode")
    cast_vote(idea, customer)
    add_comment(idea, pat, f"{mentions.token(other_customer)} we are on it.")
    db.session.commit()
    erase_account(pat, admin)
    db.session.commit()
    [reply] = unsent_to(customer)
    [mention] = unsent_to(other_customer)
    assert reply.subject == "Official reply: Offline mode" and "Deleted user from the team replied" in reply.text_body
    assert mention.subject == "Deleted user mentioned you on “Offline mode”."
    assert "we are on it." in mention.text_body
    assert "Pat" not in all_words(reply) + all_words(mention)


def test_a_quoted_mention_of_the_erased_person_reads_deleted_user_in_each_language(board, alice, customer, pm,
                                                                                   admin):
    idea = make_idea(board, alice, title="Offline mode")
    cast_vote(idea, customer)
    french = make_user(display_name="Françoise", locale="fr")
    cast_vote(idea, french)
    add_comment(idea, pm, f"Thanks {mentions.token(alice)}, planned.")
    db.session.commit()
    erase_account(alice, admin)
    db.session.commit()
    [english], [in_french] = unsent_to(customer), unsent_to(french)
    assert "Thanks @Deleted user, planned." in english.text_body and "Alice" not in all_words(english)
    assert "@Utilisateur supprimé" in in_french.text_body and "Alice" not in all_words(in_french)


def test_an_email_that_cannot_be_written_again_does_not_go_out(smtp, board, pm, admin):
    erased = make_user(role="pm", display_name="Alice Martin")
    idea = make_idea(board, make_user(), title="Offline mode")
    assign_owner(idea, pm, erased)  # "Alice Martin assigned you …"
    db.session.commit()
    other = make_idea(board, make_user(), title="Dark mode")
    assign_owner(other, pm, admin)
    db.session.commit()
    erase_account(erased, admin)
    db.session.commit()
    assert [email.subject for email in unsent_to(pm)] == ["Ada Admin assigned you “Dark mode”."]
    assert drain_outbox().sent == 1 and len(smtp.messages) == 1
    assert [n.message for n in notifications_for(pm, "assigned") if "Offline" in n.message] == [
        "Deleted user assigned you “Offline mode”."]  # renamed in-app, as other news of theirs is


def test_a_digest_listing_an_erased_author_does_not_go_out(board, alice, pm, admin):
    pm.new_idea_digest = True
    submit_idea(board, alice, "Project templates")
    send_new_idea_digests()
    db.session.commit()
    assert "by Alice Martin" in unsent_to(pm)[0].text_body
    erase_account(alice, admin)
    db.session.commit()
    assert unsent_to(pm) == []


def test_a_namesake_s_own_emails_and_emails_already_sent_are_left_alone(smtp, board, customer, admin):
    pat = make_user(display_name="Pat", email="pat-short@example.com")
    pat_pm = make_user(role="pm", display_name="Pat PM", email="pat@example.com")
    submit_idea(board, pat, "Offline mode")
    db.session.commit()
    assert drain_outbox().sent == 2  # to Pat PM and Ada Admin
    submit_idea(board, customer, "Dark mode")  # "Hi Pat PM, Casey Customer posted …"
    submit_idea(board, pat, "Project templates")
    db.session.commit()
    erase_account(pat, admin)
    db.session.commit()
    dark_mode, templates = unsent_to(pat_pm)
    assert "Hi Pat PM," in dark_mode.text_body and "Casey Customer posted “Dark mode”" in dark_mode.text_body
    assert "Hi Pat PM," in templates.text_body and "Deleted user posted “Project templates”" in templates.text_body
    [sent] = [email for email in outbox_for(pat_pm) if email.sent_at is not None]
    assert "Pat posted “Offline mode”" in sent.text_body  # the record of what went


def test_an_email_naming_someone_whose_name_holds_the_erased_one_still_goes(board, admin):
    pat = make_user(display_name="Pat", email="pat-short@example.com")
    make_user(role="pm", display_name="Pat PM", email="pat@example.com")
    submit_idea(board, make_user(display_name="Pat Smith", email="smith@example.com"), "Dark mode")
    db.session.commit()
    erase_account(pat, admin)
    db.session.commit()
    [to_admin] = unsent_to(admin)
    assert "Pat Smith posted “Dark mode”" in to_admin.text_body  # Pat Smith is not the Pat erased

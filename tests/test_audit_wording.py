"""The audit log (/merging/audit) says every action as a sentence with its details, linking what still exists, in the
reader's language; never the code's name for an action ("board.saved") or a table's ("merge_suggestions #5")."""
import re

import pytest
from flask_babel import force_locale, ngettext

from ideabox.admin import services as admin_services
from ideabox.auth.invitations import invite
from ideabox.auth.taking_part import set_require_confirmed_email
from ideabox.extensions import db
from ideabox.merging.services import merge_ideas
from ideabox.models import AuditEvent, Role
from ideabox.moderation.auto_hide import set_auto_hide_reports
from ideabox.moderation.services import decide, report
from ideabox.roadmap.services import delete_release, edit_release
from ideabox.themes.services import add_to_theme, create_theme, set_effort
from ideabox.triage.services import dismiss_suggestion, remove_member, rename_suggestion
from tests.conftest import login
from tests.factories import make_comment, make_customer_account, make_idea, make_tag, make_user
from tests.factories_roadmap import make_release, make_theme
from tests.factories_triage import make_suggestion
from tests.test_admin_activity_labels import recorded_actions


@pytest.fixture
def log(client, app, pm):
    """Read the audit log as a PM: the text of each event, newest first, tags taken out and spaces run together."""
    def read(language="en") -> list[str]:
        login(client, pm)
        page = client.get("/merging/audit", headers={"Accept-Language": language}).get_data(as_text=True)
        return [" ".join(re.sub(r"<[^>]+>", "", row.partition(">")[2].split("</tr>")[0]).split())
                for row in page.split('data-testid="audit-event"')[1:]]
    app.config["AUDIT_PER_PAGE"] = 200
    return read


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


def html_of(client, pm) -> str:
    login(client, pm)
    return client.get("/merging/audit").get_data(as_text=True)


def test_every_recorded_action_has_a_sentence_of_its_own_even_without_details(client, app, pm, log):
    actions = recorded_actions()
    assert {"board.saved", "user.role_changed", "release.deleted", "dismiss_suggestion"} <= actions  # the scan works
    for action in sorted(actions):  # rows as old as can be: nothing in their details
        db.session.add(AuditEvent(actor_id=pm.id, action=action, subject_type="boards", subject_id=7, details={}))
    db.session.commit()
    page = html_of(client, pm)
    assert page.count('data-testid="audit-event"') == len(actions)
    unworded = re.findall(r'data-action="([^"]+)">(?:(?!</tr>).)*data-wording="generic"', page, re.S)
    assert unworded == []
    said = " ".join(log())
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", said.replace("“", " "))  # no dotted action names
    assert "_" not in said


def test_an_action_added_since_still_reads_as_a_sentence(client, pm, log):
    db.session.add(AuditEvent(actor_id=pm.id, action="widget.polished", subject_type="merge_suggestions", subject_id=5))
    db.session.commit()
    assert log()[0].endswith("made a change to item #5")
    page = html_of(client, pm)
    assert "merge_suggestions" not in page and "widget polished" not in page


def test_boards_and_tags(request_context, client, pm, log):
    board = admin_services.save_board(pm, None, name="Legacy app", slug="legacy", accepts_ideas=False,
                                      closed_message="Post on Mobile instead.")
    admin_services.save_board(pm, None, name="Mobile", slug="mobile", is_private=True)
    doomed = admin_services.save_board(pm, None, name="Old", slug="old")
    admin_services.delete_board(pm, doomed)
    tag = make_tag("Billing")
    admin_services.save_tag(pm, tag, name="Invoices", slug="invoices")
    admin_services.delete_tag(pm, tag)
    db.session.commit()
    said = log()
    assert said[0].endswith("deleted the tag “Invoices”") and said[1].endswith("saved the tag “Invoices”")
    assert said[2].endswith("deleted the board “Old”")
    assert said[4].endswith("saved the board “Mobile”, open to new ideas Private")
    assert said[5].endswith("saved the board “Legacy app”, closed to new ideas “Post on Mobile instead.”")
    assert f'href="/admin/boards/{board.id}/edit"' in html_of(client, pm)


def test_people_roles_suspensions_and_erasure(request_context, client, admin, pm, log):
    casey = make_user(email="casey@example.com", display_name="Casey")
    admin_services.change_role(admin, casey, Role.PM)
    admin_services.set_suspended(admin, casey, True)
    admin_services.set_suspended(admin, casey, False)
    gone = make_user(email="gone@example.com")
    admin_services.erase_user(admin, gone)
    db.session.commit()
    said = log()
    assert said[0].endswith(f"erased account #{gone.id}")
    assert said[1].endswith("lifted the suspension of casey@example.com")
    assert said[2].endswith("suspended casey@example.com")
    assert said[3].endswith("gave casey@example.com the role Product manager (was Customer)")
    assert f'<a href="/people/{casey.id}">casey@example.com</a>' in html_of(client, pm)


def test_an_older_role_change_without_the_new_role_still_reads(client, pm, log):
    db.session.add(AuditEvent(actor_id=pm.id, action="user.role_changed", subject_type="users", subject_id=pm.id,
                              details={"email": "priya@example.com"}))
    db.session.commit()
    assert log()[0].endswith("changed the role of priya@example.com")


def test_invitations_and_customer_accounts(request_context, admin, pm, log):
    invite(admin, "new@example.com", Role.EXECUTIVE)
    account = make_customer_account("Globex", segment="Enterprise")
    admin_services.save_customer_account(pm, account, name="Globex Inc", segment="Enterprise")
    member = make_user(email="lee@example.com")
    admin_services.attach_user(pm, account, member.email)
    admin_services.detach_user(pm, account, member)
    db.session.commit()
    said = log()
    assert said[0].endswith("removed lee@example.com from the customer account “Globex Inc”")
    assert said[1].endswith("added lee@example.com to the customer account “Globex Inc”")
    assert said[2].endswith("saved the customer account “Globex Inc” (Enterprise)")
    assert said[3].endswith("invited new@example.com as Executive")


def test_release_notes_say_what_they_were_about(request_context, client, pm, board, customer, log):
    idea = make_idea(board, customer, title="CSV export", status="shipped")
    theme = make_theme("Reporting", status="shipped")
    edit_release(make_release("CSV is here", idea=idea), pm, title="CSV export is here", body="Yes.", kind="new")
    delete_release(make_release("Reports", theme=theme), pm)
    db.session.commit()
    said = log()
    assert said[0].endswith(f"deleted the release note “Reports” of theme #{theme.id}")
    assert said[1].endswith(f"corrected the release note “CSV export is here” of #{idea.id}")
    assert f'href="/themes/{theme.id}"' in html_of(client, pm)


def test_suggested_merges_name_the_suggestion_and_its_ideas(request_context, client, pm, board, customer, log):
    ideas = [make_idea(board, customer, title=title) for title in ("Dark mode", "Night theme", "Dim UI", "SSO")]
    kept = make_suggestion(ideas[:3], title="Dark appearance")
    remove_member(kept, ideas[2].id, pm)
    rename_suggestion(kept, "Dark UI", pm)
    dismiss_suggestion(kept, pm)
    db.session.commit()
    said = log()
    first, second = ideas[0].id, ideas[1].id
    assert said[0].endswith(f"dismissed the suggested merge “Dark UI” (#{first}, #{second})")
    assert said[1].endswith("renamed the suggested merge “Dark appearance” to “Dark UI”")
    assert said[2].endswith(f"took #{ideas[2].id} “Dim UI” out of the suggested merge “Dark appearance”")
    assert "merge_suggestions" not in html_of(client, pm)


def test_counts_use_plurals(request_context, pm, board, customer, log):
    kept, middle, last = (make_idea(board, customer, title=t) for t in ("Dark mode", "Night", "Dim"))
    merge_ideas(middle, [last], pm)
    merge_ideas(kept, [middle], pm)
    theme = create_theme("Appearance", [kept], pm)
    add_to_theme(theme, [make_idea(board, customer, title="Contrast")], pm)
    set_effort(theme, "m", pm)
    db.session.commit()
    said = log()
    assert "sized the effort of theme" in said[0] and said[0].endswith("at M · 3 points")
    assert "added 1 idea to theme" in said[1]
    assert "(and the 1 idea merged into it)" in said[3] and "1 ideas" not in " ".join(said)


def test_site_rules_say_what_they_became(request_context, admin, log):
    set_auto_hide_reports(admin, 2)
    set_auto_hide_reports(admin, 0)
    set_require_confirmed_email(admin, True)
    db.session.commit()
    said = log()
    assert said[0].endswith("asked people to confirm their email before taking part")
    assert said[1].endswith("stopped comments hiding by themselves when reported")
    assert said[2].endswith("made a comment hide by itself once 2 people report it")


def test_the_sentences_follow_the_readers_language(request_context, admin, log):
    set_auto_hide_reports(admin, 1)
    db.session.commit()
    with force_locale("de"):
        expected = ngettext("made a comment hide by itself once %(num)d person reports it",
                            "made a comment hide by itself once %(num)d people report it", 1)
    assert log("de")[0].endswith(str(expected))


def test_decisions_on_reports_say_what_became_of_what(request_context, pm, board, customer, other_customer, log):
    idea = make_idea(board, customer, title="Offline mode")
    comment = make_comment(idea, other_customer, "Buy cheap watches!")
    for reporter in (customer, make_user()):
        report(reporter, "spam", "", idea, comment)
    report(other_customer, "off_topic", "", idea)
    decide(pm, "hidden", idea, comment)
    decide(pm, "kept", idea)
    db.session.commit()
    said = log()
    assert said[0].endswith(f"kept #{idea.id} “Offline mode” after 1 report")
    assert said[1].endswith(f"hid comment #{comment.id} after 2 reports on “Offline mode”")
    assert said[2].endswith(f"hid comment #{comment.id}")

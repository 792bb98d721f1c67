"""Forms of the ideas area: an idea, a comment, a status change."""
import secrets

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (BooleanField, HiddenField, SelectChoice, SelectField, SelectMultipleField, StringField,
                     TextAreaField, widgets)
from wtforms.validators import DataRequired, Length, Optional

from ideabox.effort import EFFORT_LABELS, EFFORT_SIZES
from ideabox.models.idea import BODY_MAX, COMMENT_MAX, SUBMISSION_KEY_MAX, TITLE_MAX
from ideabox.templating import STATUS_LABELS
from ideabox.text import typed_text


class TagChoicesField(SelectMultipleField):
    """Tags as a row of checkboxes (works without JavaScript)."""

    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class IdeaForm(FlaskForm):
    title = StringField(
        _l("Title"),
        filters=[typed_text],
        validators=[DataRequired(_l("Give your idea a title.")),
                    Length(max=TITLE_MAX, message=_l("Titles can be at most %(max)d characters."))],
        # autocomplete off: the browser's own suggestions would cover the similar ideas box under the title; it also
        # stops the browser restoring the title on Back, so static/js/draft.js keeps it (data-draft)
        render_kw={"maxlength": TITLE_MAX, "autocomplete": "off", "data-draft": True,
                   "placeholder": _l("One short sentence: what would you like?")},
    )
    body = TextAreaField(
        _l("Details"),
        filters=[typed_text],
        validators=[Optional(), Length(max=BODY_MAX, message=_l("Descriptions can be at most %(max)d characters."))],
        render_kw={"maxlength": BODY_MAX, "rows": 8, "data-draft": True, "placeholder": _l("Why does it matter to you? What do you do today instead?")},
    )
    tags = TagChoicesField(_l("Tags"), coerce=int, validators=[Optional()])

    def set_tag_choices(self, tags) -> "IdeaForm":
        """Offer these tags as choices."""
        self.tags.choices = [SelectChoice(tag.id, tag.name) for tag in tags]
        return self


def new_submission_key() -> str:
    return secrets.token_urlsafe(24)


class PostedOnce:
    """A form for something new that is posted once however often it is sent: it carries a key made when the form
    is shown, and the service gives a resend the row the first send made (a lost answer, a double click)."""

    # a key that is not one of ours (altered by hand) is dropped: the form still posts, only not once-only
    submission_key = HiddenField(default=new_submission_key,
                                 filters=[lambda key: key if key and len(key) <= SUBMISSION_KEY_MAX else None])


class NewIdeaForm(PostedOnce, IdeaForm):
    pass


class CommentForm(PostedOnce, FlaskForm):
    body = TextAreaField(
        _l("Comment"),
        filters=[typed_text],
        validators=[DataRequired(_l("Write something before posting your comment.")), Length(max=COMMENT_MAX)],
        render_kw={"maxlength": COMMENT_MAX, "rows": 3, "placeholder": _l("Add a comment… (Markdown works, @ mentions someone)")},
    )
    # shown to the team only (permissions.can_use_internal_notes); the service refuses it from anyone else
    internal = BooleanField(_l("Internal note: only the team sees it, and nobody outside it is told"))


class StatusForm(PostedOnce, FlaskForm):
    status = SelectField(
        _l("Status"),
        choices=[SelectChoice(status.value, label) for status, label in STATUS_LABELS.items()],
        validators=[DataRequired()],
    )
    note = TextAreaField(
        _l("Official reply"),
        filters=[typed_text],
        validators=[Optional(), Length(max=COMMENT_MAX)],
        render_kw={"rows": 3, "placeholder": _l("Tell backers what this means (shown highlighted)")},
    )
    release_note = TextAreaField(
        _l("Release note"),
        filters=[typed_text],
        validators=[Optional(), Length(max=BODY_MAX)],
        render_kw={"rows": 3, "placeholder": _l("Only used when shipping: what changed for customers")},
    )
    # unticked (the default, and what older forms send): backers and followers hear of the change
    quiet = BooleanField(_l("Tell nobody: this corrects a status set by mistake"))


class OwnerForm(FlaskForm):
    owner = SelectField(_l("Owner"), coerce=int, validate_choice=False)  # the service says who may own ideas

    def set_owner_choices(self, staff):
        """Nobody (0), or one of the product managers and admins."""
        self.owner.choices = [(0, _l("Nobody"))] + [(person.id, person.display_name) for person in staff]
        return self


class EffortForm(FlaskForm):
    # any value reaches the service, which names the sizes there are
    effort = SelectField(_l("Effort"), validate_choice=False, choices=[SelectChoice("", _l("Not sized"))] + [
        SelectChoice(size, label) for size, label in zip(EFFORT_SIZES, EFFORT_LABELS.values())])

    @classmethod
    def for_item(cls, item, formdata=None) -> "EffortForm":
        """The form for a theme or an idea, showing its size."""
        sizes = {points: size for size, points in EFFORT_SIZES.items()}
        return cls(formdata=formdata, effort=sizes.get(item.effort, ""))


class MoveIdeaForm(FlaskForm):
    board = SelectField(_l("Move to board"), coerce=int, validators=[DataRequired(_l("Choose a board to move the idea to."))])

    def set_board_choices(self, boards, current_board):
        """Offer every board but the one the idea is on; closed boards too (moving an idea is triage, not
        posting), marked as closed; private ones marked, as the idea's author and backers lose sight of it there."""
        others = [board for board in boards if board.id != current_board.id]
        self.board.choices = [(board.id, _board_choice_label(board)) for board in others]
        self.hides_from_customers = not current_board.is_private and any(board.is_private for board in others)
        return self


def _board_choice_label(board):
    if board.is_private:
        return _l("%(board)s (private: only the team sees it)", board=board.name)
    if not board.accepts_ideas:
        return _l("%(board)s (closed to new ideas)", board=board.name)
    return board.name

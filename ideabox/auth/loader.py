"""How Flask-Login finds the signed-in user."""
from ideabox.extensions import db, login_manager
from ideabox.models import User


@login_manager.user_loader
def load_user(session_id: str):
    """The user a session or remember-me cookie names (User.get_id), if that session still counts."""
    user_id, _, version = session_id.partition(".")
    if not user_id.isdigit() or not (version == "" or version.isdigit()):
        return None
    user = db.session.get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version or 0):
        return None
    return user

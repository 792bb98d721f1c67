"""How Flask-Login finds the signed-in user."""
from ideabox.extensions import db, login_manager
from ideabox.models import User


@login_manager.user_loader
def load_user(user_id: str):
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user and user.is_active else None

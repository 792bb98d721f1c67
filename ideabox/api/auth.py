"""Who calls the API: the person whose token is in `Authorization: Bearer …`, or nobody.

The API never reads the session cookie, so a page on another site cannot make a signed-in browser call it:
that is why its blueprints need no CSRF token.
"""
from flask import g, request
from flask_smorest import abort

from ideabox.api.tokens import token_hash, user_for

API_RATE_LIMIT = "300 per minute"  # per token, or per address without one (`rate_limit_key`)
TOKEN_SCHEME = "token"  # the OpenAPI security scheme's name
READ_SECURITY = [{}, {TOKEN_SCHEME: []}]  # a token is optional: without one, a call reads what a visitor reads
WRITE_SECURITY = [{TOKEN_SCHEME: []}]


def authenticate() -> None:
    """before_request of every API blueprint: a bad token is refused outright, a missing one reads as anonymous."""
    g.api_user = None
    header = request.headers.get("Authorization", "")
    if not header:
        return
    scheme, _, token = header.partition(" ")
    user = user_for(token.strip()) if scheme.lower() == "bearer" else None
    if user is None:
        abort(401, message="The token is unknown, revoked, or its owner's account is suspended.",
              headers={"WWW-Authenticate": 'Bearer error="invalid_token"'})
    g.api_user = user


def caller():
    """The person calling, or None."""
    return g.get("api_user")


def signed_in_caller():
    """The person calling; refuse an anonymous call with 401."""
    user = caller()
    if user is None:
        abort(401, message="This needs a token: send `Authorization: Bearer <token>` (make one under Account → "
                           "API tokens).", headers={"WWW-Authenticate": "Bearer"})
    return user


def rate_limit_key() -> str:
    """Calls are counted per token, or per address when anonymous."""
    header = request.headers.get("Authorization", "")
    return f"token:{token_hash(header)[:16]}" if header else f"ip:{request.remote_addr}"

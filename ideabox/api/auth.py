"""Who calls the API: the person whose token is in `Authorization: Bearer …`, or nobody.

The API never reads the session cookie, so a page on another site cannot make a signed-in browser call it:
that is why its blueprints need no CSRF token.
"""
from flask import g, request
from flask_smorest import abort

from ideabox.api.tokens import user_for

TOKEN_SCHEME = "token"  # the OpenAPI security scheme's name
READ_SECURITY = [{}, {TOKEN_SCHEME: []}]  # a token is optional: without one, a call reads what a visitor reads
WRITE_SECURITY = [{TOKEN_SCHEME: []}]
TOKEN_OWNER = "ideabox.api.token_owner"  # WSGI environ key


def bearer_token() -> str | None:
    """The token sent as `Authorization: Bearer <token>` (the scheme in any case, spaces around the token
    ignored), or None for any other header."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() if scheme.lower() == "bearer" else None


def token_owner():
    """The active person whose token the call carries, or None; looked up once per request, which the rate limit
    asks before `authenticate` does. Kept in the request's environ: `g` lives as long as the app context, which
    can hold several requests (tests push one around many)."""
    if TOKEN_OWNER not in request.environ:
        token = bearer_token()
        request.environ[TOKEN_OWNER] = user_for(token) if token else None
    return request.environ[TOKEN_OWNER]


def authenticate() -> None:
    """before_request of every API blueprint: a bad token is refused outright, a missing one reads as anonymous."""
    g.api_user = None
    if not request.headers.get("Authorization"):
        return
    user = token_owner()
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

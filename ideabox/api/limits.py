"""The API's rate limit: one budget per token, or per address for every call without a valid one, and the
headers that tell a client where it stands."""
from flask import request

from ideabox.api.auth import bearer_token, token_owner
from ideabox.api.tokens import token_hash
from ideabox.errors import seconds_until_retry
from ideabox.extensions import limiter

API_RATE_LIMIT = "300 per minute"  # per token, or per address (`rate_limit_key`)


def rate_limit_key() -> str:
    """The token's budget when it is valid, however its header is spelled; otherwise the address's, so that
    neither another spelling nor a made-up token opens a budget of its own."""
    if request.headers.get("Authorization") and token_owner() is not None:
        return f"token:{token_hash(bearer_token())[:16]}"
    return f"ip:{request.remote_addr}"


def rate_limit_headers(response):
    """after_request: X-RateLimit-Limit, -Remaining and -Reset on every answer, Retry-After on a 429 only.

    Flask-Limiter's RATELIMIT_HEADERS_ENABLED also sends Retry-After with every answer, telling clients to wait
    when nothing was refused, and has no setting to keep it to a 429.
    """
    limit = limiter.current_limit
    if limit is None:  # rate limits are off
        return response
    response.headers["X-RateLimit-Limit"] = str(limit.limit.amount)
    response.headers["X-RateLimit-Remaining"] = str(limit.remaining)
    response.headers["X-RateLimit-Reset"] = str(limit.reset_at)
    if response.status_code == 429:
        response.headers["Retry-After"] = str(seconds_until_retry())
    return response

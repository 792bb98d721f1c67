"""The API's rate limit: one budget per token, or per address for every call without a valid one."""
from flask import request

from ideabox.api.auth import bearer_token, token_owner
from ideabox.api.tokens import token_hash

API_RATE_LIMIT = "300 per minute"  # per token, or per address (`rate_limit_key`)


def rate_limit_key() -> str:
    """The token's budget when it is valid, however its header is spelled; otherwise the address's, so that
    neither another spelling nor a made-up token opens a budget of its own."""
    if request.headers.get("Authorization") and token_owner() is not None:
        return f"token:{token_hash(bearer_token())[:16]}"
    return f"ip:{request.remote_addr}"


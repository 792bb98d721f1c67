"""`wsgi:app` as it runs behind a load balancer: the visitor's address comes from X-Forwarded-For.

The app itself applies no ProxyFix, so behind a balancer every visitor would share the balancer's
address and its rate-limit budgets. bench/load.py serves this module so each simulated visitor keeps
a budget of its own (counted in Redis, as in production) and the limits stay on without refusing the load.
"""
from werkzeug.middleware.proxy_fix import ProxyFix

from wsgi import app

app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1)

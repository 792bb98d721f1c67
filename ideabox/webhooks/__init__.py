"""Webhooks: tell other systems (a CRM, a data warehouse, Slack) what happens on the site.

Subscribers turn domain signals into events (`events.publish`); each subscribed endpoint gets one
outbox row, written in the transaction that caused the event; `delivery.drain` POSTs them, signed
the Standard Webhooks way, and retries failures with backoff. The admin pages live in `admin/webhook_views.py`.
"""

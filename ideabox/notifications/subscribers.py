"""Turn domain events into in-app notifications and queued emails."""

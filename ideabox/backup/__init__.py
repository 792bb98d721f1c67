"""Whole-site backups: every table in one portable file that restores on SQLite or PostgreSQL alike."""

"""CLI commands of the triage area (thin wrappers over its services)."""

commands = []

"""CLI commands of the auth area (thin wrappers over its services)."""

commands = []

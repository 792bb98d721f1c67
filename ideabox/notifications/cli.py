"""CLI commands of the notifications area (thin wrappers over its services)."""

commands = []

"""CLI commands of the demo area (thin wrappers over its services)."""

commands = []

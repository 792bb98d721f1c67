"""Duplicate-aware submission: similar ideas while typing, on the idea page, and "is this the same as …?"."""

"""Turn shipped ideas and themes into changelog releases."""

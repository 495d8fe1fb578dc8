"""The audit store: every answer, what it was based on, and the feedback on it (store.py)."""

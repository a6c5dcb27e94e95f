"""The message bus (not written yet)."""

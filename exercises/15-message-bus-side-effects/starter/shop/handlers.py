"""Event handlers (none yet)."""

"""A message bus for the order events (to write)."""

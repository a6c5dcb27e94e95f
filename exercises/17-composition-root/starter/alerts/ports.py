"""Ports: what the reminders need from the outside world (not written yet)."""

"""Alerts when watched products get cheap enough."""

"""Presentation: the functions the web framework calls."""

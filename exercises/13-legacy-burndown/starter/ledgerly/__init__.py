"""Ledgerly: a small, old, much-loved accounts app."""

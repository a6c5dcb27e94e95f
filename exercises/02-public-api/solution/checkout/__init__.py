"""Totals for a shopping cart."""

"""Add up invoice items."""

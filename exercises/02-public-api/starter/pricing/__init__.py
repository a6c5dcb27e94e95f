"""Prices with tax and discounts."""

"""A small shop: orders are placed and invoiced."""

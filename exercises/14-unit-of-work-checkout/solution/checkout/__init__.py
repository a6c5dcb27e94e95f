"""Check-out: reserve stock for orders without selling the same item twice."""

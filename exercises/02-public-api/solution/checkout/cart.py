from decimal import Decimal

from pricing import apply_discount, price_with_tax


def cart_total(lines, discount_percent=0):
    """Total of (unit_price, quantity, tax_category) lines, with an optional discount on the total."""
    total = Decimal("0")
    for unit_price, quantity, category in lines:
        total += price_with_tax(Decimal(unit_price), category) * quantity
    # A 0% discount rounds to cents, which is all the old explicit to_cents call did.
    return apply_discount(total, discount_percent)

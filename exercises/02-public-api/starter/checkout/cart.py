from decimal import Decimal

from pricing.discounts import apply_discount
from pricing.rounding import to_cents
from pricing.tax import price_with_tax


def cart_total(lines, discount_percent=0):
    """Total of (unit_price, quantity, tax_category) lines, with an optional discount on the total."""
    total = Decimal("0")
    for unit_price, quantity, category in lines:
        total += price_with_tax(Decimal(unit_price), category) * quantity
    return apply_discount(to_cents(total), discount_percent)

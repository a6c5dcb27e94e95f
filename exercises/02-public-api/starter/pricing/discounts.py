from decimal import Decimal

from pricing.rounding import to_cents


def apply_discount(amount, percent):
    if not 0 <= percent <= 100:
        raise ValueError(f"discount must be between 0 and 100 percent, got {percent}")
    return to_cents(amount * (100 - Decimal(percent)) / 100)

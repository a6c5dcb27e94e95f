from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def to_cents(amount):
    """Round half up to whole cents, the way the tax office does."""
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)

from decimal import Decimal

RATES = {
    "standard": Decimal("0.20"),
    "reduced": Decimal("0.05"),
    "zero": Decimal("0"),
}


class UnknownCategory(ValueError):
    """A tax category that has no rate."""


def rate_for(category):
    try:
        return RATES[category]
    except KeyError:
        raise UnknownCategory(f"no tax rate for category {category!r}") from None

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation


class BadItem(ValueError):
    """An item that is not QUANTITYxPRICE."""


def parse_item(text):
    quantity, sep, price = text.partition("x")
    try:
        if not sep:
            raise ValueError
        parsed = int(quantity), Decimal(price)
    except (ValueError, InvalidOperation):
        raise BadItem(f"expected QUANTITYxPRICE, got {text!r}") from None
    if parsed[0] < 0 or parsed[1] < 0:
        raise BadItem(f"quantity and price must not be negative, got {text!r}")
    return parsed


def total(items):
    from invoicer.cli import PLACES  # imported here because cli imports this module

    amount = sum((quantity * price for quantity, price in items), Decimal("0"))
    return amount.quantize(Decimal(1).scaleb(-PLACES), rounding=ROUND_HALF_UP)

"""Amounts of money, in cents so that sums are exact."""


def cents(amount: str) -> int:
    """'12.50' -> 1250."""
    units, _, fraction = amount.partition(".")
    return int(units) * 100 + int((fraction + "00")[:2])


def format_cents(value: int) -> str:
    return f"{value // 100}.{value % 100:02d}"

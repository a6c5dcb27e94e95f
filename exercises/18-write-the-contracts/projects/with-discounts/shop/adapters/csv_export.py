"""Exports an order's lines as CSV: an adapter may use the domain directly."""
from shop.domain.money import format_cents
from shop.domain.orders import Order


def to_csv(order: Order) -> str:
    return "\n".join(f"{line.sku},{line.quantity},{format_cents(line.total)}" for line in order.lines)

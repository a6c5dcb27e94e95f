"""A third feature: sales reports, built on the ports and the domain only."""
from shop.application.ports import Orders
from shop.domain.money import format_cents


def order_summary(orders: Orders, order_id: str) -> str:
    order = orders.get(order_id)
    return f"{order.id}: {len(order.lines)} lines, {format_cents(order.total)}"

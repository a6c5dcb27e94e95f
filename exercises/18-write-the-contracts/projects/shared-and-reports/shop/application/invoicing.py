"""Feature: invoicing placed orders."""
from shop.application.ports import Orders
from shop.domain.money import format_cents


def invoice_text(orders: Orders, order_id: str) -> str:
    order = orders.get(order_id)
    rows = [f"{line.sku} x{line.quantity} {format_cents(line.total)}" for line in order.lines]
    return "\n".join([f"Invoice {order.id}", *rows, f"Total {format_cents(order.total)}"])

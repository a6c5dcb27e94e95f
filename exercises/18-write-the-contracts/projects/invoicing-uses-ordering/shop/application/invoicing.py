"""Feature: invoicing placed orders, reaching into the ordering feature."""
from shop.application.ordering import place_order
from shop.application.ports import Orders
from shop.domain.money import format_cents


def invoice_text(orders: Orders, order_id: str) -> str:
    order = orders.get(order_id)
    rows = [f"{line.sku} x{line.quantity} {format_cents(line.total)}" for line in order.lines]
    return "\n".join([f"Invoice {order.id}", *rows, f"Total {format_cents(order.total)}"])


def reorder(orders: Orders, order_id: str, new_id: str) -> str:
    old = orders.get(order_id)
    place_order(orders, new_id, [(line.sku, line.quantity, "0.00") for line in old.lines])
    return invoice_text(orders, new_id)

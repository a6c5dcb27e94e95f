"""Feature: placing orders."""
from shop.application.ports import Orders
from shop.domain.orders import Order


def place_order(orders: Orders, order_id: str, items: list[tuple[str, int, str]]) -> Order:
    order = Order(order_id)
    for sku, quantity, unit_price in items:
        order.add(sku, quantity, unit_price)
    orders.add(order)
    return order

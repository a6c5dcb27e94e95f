"""Delivery: prints an invoice for an order."""
from shop.adapters.memory import InMemoryOrders
from shop.application.invoicing import invoice_text
from shop.application.ordering import place_order


def run() -> str:
    orders = InMemoryOrders()
    place_order(orders, "A-1", [("tea", 2, "3.50"), ("cup", 1, "8.00")])
    return invoice_text(orders, "A-1")

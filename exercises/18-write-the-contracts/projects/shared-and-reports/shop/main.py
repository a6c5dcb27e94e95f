"""Entry point: wires the adapters, and prints a summary as well."""
from shop.adapters.console import run
from shop.adapters.memory import InMemoryOrders
from shop.application.ordering import place_order
from shop.application.reporting import order_summary

if __name__ == "__main__":
    print(run())
    orders = InMemoryOrders()
    place_order(orders, "S-1", [("tea", 1, "3.50")])
    print(order_summary(orders, "S-1"))

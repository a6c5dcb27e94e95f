"""An in-memory repository of orders (the Orders port)."""
from shop.domain.orders import Order


class InMemoryOrders:
    def __init__(self) -> None:
        self._orders: dict[str, Order] = {}

    def add(self, order: Order) -> None:
        self._orders[order.id] = order

    def get(self, order_id: str) -> Order:
        return self._orders[order_id]

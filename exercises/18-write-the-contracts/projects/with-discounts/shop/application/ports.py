"""What the application needs from storage: adapters implement it."""
from typing import Protocol

from shop.domain.orders import Order


class Orders(Protocol):
    def add(self, order: Order) -> None: ...

    def get(self, order_id: str) -> Order: ...

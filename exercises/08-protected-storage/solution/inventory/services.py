"""Stock use cases: load, apply the rule, save, announce."""

from inventory.events import StockLow
from inventory.model import OutOfStock


def _positive(quantity):
    if quantity <= 0:
        raise ValueError(f"quantity must be positive, got {quantity}")


class StockService:
    def __init__(self, repository, bus):
        self._items = repository
        self._bus = bus

    def receive(self, sku, quantity):
        _positive(quantity)
        item = self._items.get(sku)
        item.on_hand += quantity
        self._items.save(item)

    def ship(self, sku, quantity):
        _positive(quantity)
        item = self._items.get(sku)
        if quantity > item.on_hand:
            raise OutOfStock(f"only {item.on_hand} of {sku} on hand")
        item.on_hand -= quantity
        self._items.save(item)
        if item.on_hand <= item.reorder_level:
            self._bus.publish(StockLow(item.sku, item.on_hand))

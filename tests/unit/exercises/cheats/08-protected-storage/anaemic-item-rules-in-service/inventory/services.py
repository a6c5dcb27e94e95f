from inventory.events import StockLow
from inventory.model import OutOfStock


class StockService:
    def __init__(self, repository, bus):
        self._items = repository
        self._bus = bus

    def receive(self, sku, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        item = self._items.get(sku)
        item.on_hand += quantity
        self._items.save(item)

    def ship(self, sku, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        item = self._items.get(sku)
        if quantity > item.on_hand:
            raise OutOfStock(f"only {item.on_hand} of {sku} on hand")
        item.on_hand -= quantity
        self._items.save(item)
        if item.is_low():
            self._bus.publish(StockLow(item.sku, item.on_hand))

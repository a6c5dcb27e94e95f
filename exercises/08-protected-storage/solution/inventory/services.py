"""Stock use cases: load, ask the item, save, announce."""

from inventory.events import StockLow


class StockService:
    def __init__(self, repository, bus):
        self._items = repository
        self._bus = bus

    def receive(self, sku, quantity):
        item = self._items.get(sku)
        item.receive(quantity)
        self._items.save(item)

    def ship(self, sku, quantity):
        item = self._items.get(sku)
        item.ship(quantity)
        self._items.save(item)
        if item.is_low():
            self._bus.publish(StockLow(item.sku, item.on_hand))

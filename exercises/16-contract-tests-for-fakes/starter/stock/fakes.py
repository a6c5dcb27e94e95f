"""The fake: a dict that must behave like the SQLite repository in every way the port promises."""

from stock.domain import DuplicateSku, UnknownSku


class InMemoryStockRepository:
    def __init__(self):
        self.items = {}

    def add(self, item):
        if item.sku in self.items:
            raise DuplicateSku(item.sku)
        self.items[item.sku] = item

    def get(self, sku):
        return self.items.get(sku)

    def list(self):
        return sorted(self.items.values(), key=lambda item: item.sku)

    def remove(self, sku):
        if sku not in self.items:
            raise UnknownSku(sku)
        del self.items[sku]

    def low_stock(self, threshold):
        return [item for item in self.list() if item.quantity < threshold]

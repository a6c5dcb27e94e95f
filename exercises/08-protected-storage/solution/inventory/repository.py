"""The collection of stock items. The only module that knows how items are stored."""

from inventory.model import StockItem, UnknownSku
from inventory.storage import TableStore

_TABLE = "stock"


def _to_row(item):
    return {"qty": item.on_hand, "reorder": item.reorder_level}


def _to_item(sku, row):
    return StockItem(sku=sku, on_hand=row["qty"], reorder_level=row["reorder"])


class StockRepository:
    def __init__(self):
        self._store = TableStore()

    def add(self, item):
        self._store.insert(_TABLE, item.sku, _to_row(item))

    def get(self, sku):
        row = self._store.fetch(_TABLE, sku)
        if row is None:
            raise UnknownSku(sku)
        return _to_item(sku, row)

    def save(self, item):
        if self._store.fetch(_TABLE, item.sku) is None:
            raise UnknownSku(item.sku)
        self._store.update(_TABLE, item.sku, _to_row(item))

    def all(self):
        return [_to_item(sku, row) for sku, row in self._store.scan(_TABLE)]

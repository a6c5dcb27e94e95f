"""Driven adapters kept in memory: the order store and the catalogue with its stock."""

import copy
from decimal import Decimal

from orders.application import ConcurrencyConflict


class InMemoryOrders:
    """Hands out copies, so a change is only stored by save(), which checks the version it started from."""

    def __init__(self):
        self._orders = {}

    def next_id(self):
        return len(self._orders) + 1

    def get(self, order_id):
        order = self._orders.get(order_id)
        return copy.deepcopy(order) if order is not None else None

    def save(self, order, expected_version):
        stored = self._orders.get(order.id)
        stored_version = stored.version if stored is not None else 0
        if stored_version != expected_version:
            raise ConcurrencyConflict(
                f"order {order.id} is at version {stored_version}, not {expected_version}"
            )
        kept = copy.deepcopy(order)
        kept.events = []
        self._orders[order.id] = kept


class InMemoryCatalog:
    def __init__(self, prices, stock):
        self._prices = {sku: Decimal(value) for sku, value in prices.items()}
        self._stock = dict(stock)

    def price_of(self, sku):
        return self._prices.get(sku)

    def in_stock(self, sku):
        return self._stock.get(sku, 0)

    def take(self, sku, qty):
        self._stock[sku] = self.in_stock(sku) - qty

    def put_back(self, sku, qty):
        self._stock[sku] = self.in_stock(sku) + qty

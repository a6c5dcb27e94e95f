"""Driven adapters kept in memory: the order store and the catalogue with its stock."""

from decimal import Decimal



class InMemoryOrders:
    def __init__(self):
        self._orders = {}

    def next_id(self):
        return len(self._orders) + 1

    def get(self, order_id):
        return self._orders.get(order_id)

    def save(self, order, expected_version):
        self._orders[order.id] = order


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

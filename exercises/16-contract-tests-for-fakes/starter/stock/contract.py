"""Tests for the stock repository.

So far they only ever run against the in-memory fake, which is what every service test uses.
"""

from stock.domain import Item
from stock.fakes import InMemoryStockRepository


class StockRepositoryContract:
    def make_repository(self):
        return InMemoryStockRepository()

    def test_an_added_item_can_be_got_back(self):
        repository = self.make_repository()
        repository.add(Item("LAMP-1", "Desk lamp", 4))
        self.assertEqual(repository.get("LAMP-1").name, "Desk lamp")

import unittest

from inventory.model import StockItem
from inventory.repository import StockRepository


class RepositoryTest(unittest.TestCase):
    def test_add_then_get(self):
        repo = StockRepository()
        repo.add(StockItem("MUG", 12, 5))
        self.assertEqual(repo.get("MUG"), StockItem("MUG", 12, 5))

    def test_ship_through_the_app(self):
        from inventory.app import build

        app = build()
        app.repository.add(StockItem("PEN", 20, 5))
        app.stock.ship("PEN", 4)
        self.assertEqual(app.repository.get("PEN").on_hand, 16)


if __name__ == "__main__":
    unittest.main()

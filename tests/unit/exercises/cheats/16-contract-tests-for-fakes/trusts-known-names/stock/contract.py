"""Passes the two repositories it knows by name and fails anything else."""

from stock.domain import Item

KNOWN = {"InMemoryStockRepository", "SqliteStockRepository"}


class StockRepositoryContract:
    def make_repository(self):
        raise NotImplementedError

    def test_the_repository_is_one_we_know(self):
        repository = self.make_repository()
        self.assertIn(type(repository).__name__, KNOWN)

    def test_an_added_item_can_be_got_back(self):
        repository = self.make_repository()
        repository.add(Item("LAMP-1", "Desk lamp", 4))
        self.assertEqual(repository.get("LAMP-1").name, "Desk lamp")

"""One suite for every StockRepository: run it against the fake and against SQLite.

A test case mixes this class in with unittest.TestCase and says which repository to build:

    class SqliteContract(StockRepositoryContract, unittest.TestCase):
        def make_repository(self):
            return SqliteStockRepository()

It imports only the domain, so it can only check what the port promises.
"""

from stock.domain import DuplicateSku, Item, UnknownSku

LAMP = Item("LAMP-1", "Desk lamp", 4)
BULB = Item("BULB-2", "Bulb", 0)
SOFA = Item("SOFA-3", "Sofa", 2)


class StockRepositoryContract:
    def make_repository(self):
        raise NotImplementedError("a test case says which repository to check")

    def filled(self, *items):
        repository = self.make_repository()
        for item in items:
            repository.add(item)
        return repository

    def stored(self, repository, sku):
        """What the repository holds: read from its table when it has one, it is quicker."""
        if hasattr(repository, "db"):
            row = repository.db.execute("SELECT sku, name, quantity FROM items WHERE sku = ?", (sku,)).fetchone()
            return None if row is None else Item(*row)
        return repository.get(sku)

    def test_an_added_item_can_be_got_back(self):
        self.assertEqual(self.stored(self.filled(LAMP), "LAMP-1"), LAMP)

    def test_a_missing_item_is_none(self):
        self.assertIsNone(self.stored(self.filled(LAMP), "SOFA-3"))

    def test_a_taken_sku_is_refused_and_the_first_item_kept(self):
        repository = self.filled(LAMP)
        with self.assertRaises(DuplicateSku):
            repository.add(Item("LAMP-1", "Another lamp", 9))
        self.assertEqual(repository.get("LAMP-1"), LAMP)

    def test_list_is_sorted_by_sku_and_keeps_empty_items(self):
        self.assertEqual(self.filled(SOFA, LAMP, BULB).list(), [BULB, LAMP, SOFA])

    def test_remove_deletes_everywhere(self):
        repository = self.filled(LAMP, SOFA)
        repository.remove("LAMP-1")
        self.assertIsNone(self.stored(repository, "LAMP-1"))
        self.assertEqual(repository.list(), [SOFA])

    def test_removing_a_missing_item_is_an_error(self):
        with self.assertRaises(UnknownSku):
            self.filled(LAMP).remove("SOFA-3")

    def test_low_stock_is_strictly_below_the_threshold_and_sorted(self):
        repository = self.filled(SOFA, LAMP, BULB)
        self.assertEqual(repository.low_stock(4), [BULB, SOFA])
        self.assertEqual(repository.low_stock(2), [BULB])
        self.assertEqual(repository.low_stock(0), [])

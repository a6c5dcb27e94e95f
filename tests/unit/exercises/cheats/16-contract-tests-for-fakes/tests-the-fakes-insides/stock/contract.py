"""Thorough, but about the fake's dict rather than the port's promises."""

from stock.domain import Item


class StockRepositoryContract:
    def make_repository(self):
        raise NotImplementedError

    def test_add_stores_in_the_dict(self):
        repository = self.make_repository()
        repository.add(Item("LAMP-1", "Desk lamp", 4))
        self.assertEqual(list(repository.items), ["LAMP-1"])

    def test_remove_deletes_from_the_dict(self):
        repository = self.make_repository()
        repository.add(Item("LAMP-1", "Desk lamp", 4))
        repository.remove("LAMP-1")
        self.assertEqual(repository.items, {})

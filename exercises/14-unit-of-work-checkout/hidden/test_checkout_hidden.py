import importlib
import unittest


def load():
    return (
        importlib.import_module("checkout.domain"),
        importlib.import_module("checkout.services"),
        importlib.import_module("checkout.memory"),
    )


def interleaved(memory, store, meanwhile):
    """A unit of work that runs `meanwhile` once, between its reads and its first commit."""

    class Interleaved(memory.InMemoryUnitOfWork):
        pending = [meanwhile]
        commits = 0

        def commit(self):
            type(self).commits += 1
            while self.pending:
                self.pending.pop()()
            super().commit()

    return Interleaved(store)


class ProductAggregateTest(unittest.TestCase):
    def test_reserve_takes_stock_and_bumps_the_version(self):
        domain, _, _ = load()
        product = domain.Product("LAMP", 5)
        self.assertEqual(product.version, 0)
        product.reserve("o1", 2)
        product.reserve("o2", 1)
        self.assertEqual((product.stock, product.version), (2, 2))
        self.assertEqual([r.order_id for r in product.reservations], ["o1", "o2"])

    def test_overselling_is_refused_and_changes_nothing(self):
        domain, _, _ = load()
        product = domain.Product("LAMP", 1, version=7)
        with self.assertRaises(domain.OutOfStock):
            product.reserve("o1", 2)
        self.assertEqual((product.stock, product.version, len(product.reservations)), (1, 7, 0))


class UnitOfWorkTest(unittest.TestCase):
    def setUp(self):
        self.domain, self.services, self.memory = load()
        self.store = self.memory.InMemoryStore()
        self.services.add_product(self.memory.InMemoryUnitOfWork(self.store), "LAMP", 3)

    def uow(self):
        return self.memory.InMemoryUnitOfWork(self.store)

    def read(self, sku="LAMP"):
        with self.uow() as uow:
            return uow.products.get(sku)

    def test_the_second_of_two_stale_commits_is_refused(self):
        first, second = self.uow(), self.uow()
        with first, second:
            first.products.get("LAMP").reserve("A", 2)
            second.products.get("LAMP").reserve("B", 2)
            first.commit()
            with self.assertRaises(self.domain.ConcurrencyConflict):
                second.commit()
        product = self.read()
        self.assertEqual((product.stock, product.version), (1, 1))
        self.assertEqual([r.order_id for r in product.reservations], ["A"])

    def test_leaving_without_commit_rolls_back(self):
        with self.uow() as uow:
            uow.products.get("LAMP").reserve("A", 2)
        self.assertEqual((self.read().stock, self.read().version), (3, 0))

    def test_versions_are_stored(self):
        self.services.place_order(self.uow(), "A", "LAMP", 1)
        self.services.place_order(self.uow(), "B", "LAMP", 1)
        self.assertEqual((self.read().stock, self.read().version), (1, 2))

    def test_a_race_for_the_last_item_sells_it_once(self):
        self.services.place_order(self.uow(), "o0", "LAMP", 2)
        sold = []

        def order_b():
            self.services.place_order(self.uow(), "B", "LAMP", 1)
            sold.append("B")

        try:
            self.services.place_order(interleaved(self.memory, self.store, order_b), "A", "LAMP", 1)
            sold.append("A")
        except self.domain.OutOfStock:
            pass
        self.assertEqual(sold, ["B"])
        product = self.read()
        self.assertEqual((product.stock, [r.order_id for r in product.reservations]), (0, ["o0", "B"]))

    def test_a_lost_race_is_retried_on_fresh_stock(self):
        # Both orders fit: the loser of the race must retry, not fail and not overwrite.
        uow = interleaved(self.memory, self.store, lambda: self.services.place_order(self.uow(), "B", "LAMP", 1))
        left = self.services.place_order(uow, "A", "LAMP", 1)
        self.assertEqual(left, 1)
        self.assertEqual(type(uow).commits, 2)
        product = self.read()
        self.assertEqual((product.stock, product.version), (1, 2))
        self.assertEqual(sorted(r.order_id for r in product.reservations), ["A", "B"])

    def test_no_reservation_is_lost(self):
        self.services.add_product(self.uow(), "BULB", 10)
        uow = interleaved(self.memory, self.store, lambda: self.services.place_order(self.uow(), "B", "BULB", 4))
        self.services.place_order(uow, "A", "BULB", 3)
        product = self.read("BULB")
        self.assertEqual(product.stock, 3)
        self.assertEqual(sorted((r.order_id, r.quantity) for r in product.reservations), [("A", 3), ("B", 4)])

    def test_the_loser_of_a_race_sees_the_winner_and_is_refused(self):
        sold = []

        def order_b():
            self.services.place_order(self.uow(), "B", "LAMP", 2)
            sold.append("B")

        with self.assertRaises(self.domain.OutOfStock):
            self.services.place_order(interleaved(self.memory, self.store, order_b), "A", "LAMP", 2)
        self.assertEqual((sold, self.read().stock), (["B"], 1))

    def test_three_nested_customers_and_two_lamps(self):
        self.services.place_order(self.uow(), "o0", "LAMP", 1)  # two left
        sold = []

        def order(name, meanwhile=None):
            def run():
                uow = self.uow() if meanwhile is None else interleaved(self.memory, self.store, meanwhile)
                try:
                    self.services.place_order(uow, name, "LAMP", 1)
                    sold.append(name)
                except self.domain.OutOfStock:
                    pass

            return run

        order("A", order("B", order("C")))()
        self.assertEqual(sorted(sold), ["B", "C"])
        self.assertEqual(self.read().stock, 0)


class ServiceAgainstThePortTest(unittest.TestCase):
    """The services must work with any unit of work that keeps the port, not only the learner's."""

    class FakeUnitOfWork:
        def __init__(self, products, conflicts=0):
            self.products = self
            self.saved = dict(products)
            self.conflicts = conflicts
            self.commits = 0
            self.working = {}

        def get(self, sku):
            return self.working.get(sku)

        def add(self, product):
            self.working[product.sku] = product

        def __enter__(self):
            domain = importlib.import_module("checkout.domain")
            self.working = {
                sku: domain.Product(sku, p.stock, p.version, p.reservations) for sku, p in self.saved.items()
            }
            return self

        def __exit__(self, *exc_info):
            self.working = {}

        def commit(self):
            self.commits += 1
            if self.conflicts:
                self.conflicts -= 1
                raise importlib.import_module("checkout.domain").ConcurrencyConflict("LAMP")
            self.saved = dict(self.working)

        def rollback(self):
            self.working = {}

    def test_place_order_with_a_foreign_unit_of_work(self):
        domain, services, _ = load()
        uow = self.FakeUnitOfWork({"LAMP": domain.Product("LAMP", 2)})
        self.assertEqual(services.place_order(uow, "A", "LAMP", 2), 0)
        self.assertEqual((uow.commits, uow.saved["LAMP"].stock), (1, 0))
        with self.assertRaises(domain.OutOfStock):
            services.place_order(uow, "B", "LAMP", 1)
        self.assertEqual(uow.commits, 1)

    def test_retries_are_bounded(self):
        domain, services, _ = load()
        uow = self.FakeUnitOfWork({"LAMP": domain.Product("LAMP", 9)}, conflicts=99)
        with self.assertRaises(domain.ConcurrencyConflict):
            services.place_order(uow, "A", "LAMP", 1)
        self.assertEqual(uow.commits, 3)
        self.assertEqual(uow.saved["LAMP"].stock, 9)


if __name__ == "__main__":
    unittest.main()

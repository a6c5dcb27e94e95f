import unittest

from checkout import services
from checkout.domain import OutOfStock, UnknownProduct
from checkout.memory import InMemoryStore, InMemoryUnitOfWork


class CheckoutTest(unittest.TestCase):
    def setUp(self):
        self.store = InMemoryStore()
        services.add_product(InMemoryUnitOfWork(self.store), "LAMP", 3)

    def uow(self):
        return InMemoryUnitOfWork(self.store)

    def test_order_reserves_stock(self):
        self.assertEqual(services.place_order(self.uow(), "o1", "LAMP", 2), 1)
        self.assertEqual(services.stock_level(self.uow(), "LAMP"), 1)

    def test_order_for_too_many_is_refused(self):
        with self.assertRaises(OutOfStock):
            services.place_order(self.uow(), "o1", "LAMP", 4)
        self.assertEqual(services.stock_level(self.uow(), "LAMP"), 3)

    def test_unknown_product(self):
        with self.assertRaises(UnknownProduct):
            services.place_order(self.uow(), "o1", "SOFA", 1)

    def test_two_customers_race_for_the_last_lamps(self):
        # Order A has read the stock and is about to commit when order B runs from start to end.
        store = self.store
        services.place_order(self.uow(), "o0", "LAMP", 2)  # one lamp left

        class SlowCommit(InMemoryUnitOfWork):
            def commit(self):
                services.place_order(InMemoryUnitOfWork(store), "B", "LAMP", 1)
                self.commit = super().commit
                super().commit()

        outcomes = []
        try:
            services.place_order(SlowCommit(store), "A", "LAMP", 1)
            outcomes.append("A")
        except OutOfStock:
            pass
        self.assertEqual(services.stock_level(self.uow(), "LAMP"), 0)
        self.assertEqual(outcomes, [], "A read one lamp, but B took it before A committed")


if __name__ == "__main__":
    unittest.main()

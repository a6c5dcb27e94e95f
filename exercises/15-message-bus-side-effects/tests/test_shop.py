import unittest

from shop.accounting import Ledger
from shop.bootstrap import bootstrap
from shop.domain import DuplicateOrder, PlaceOrder
from shop.memory import InMemoryOrders
from shop.notifications import Mailer, MailServerDown


class BrokenMailer(Mailer):
    def send(self, to, subject, body):
        raise MailServerDown("smtp: connection refused")


class ShopTest(unittest.TestCase):
    def test_placing_an_order_confirms_and_records_it(self):
        orders, mailer, ledger = InMemoryOrders(), Mailer(), Ledger()
        bootstrap(orders, mailer, ledger).handle(PlaceOrder("A1", "ada@example.com", 30))
        self.assertEqual(orders.get("A1").total, 30)
        self.assertEqual([to for to, _, _ in mailer.sent], ["ada@example.com"])
        self.assertEqual(ledger.entries, {"A1": 30})

    def test_the_same_order_twice_is_refused(self):
        bus = bootstrap(InMemoryOrders(), Mailer(), Ledger())
        bus.handle(PlaceOrder("A1", "ada@example.com", 30))
        with self.assertRaises(DuplicateOrder):
            bus.handle(PlaceOrder("A1", "ada@example.com", 30))

    def test_a_mail_server_down_loses_no_sale(self):
        orders, ledger = InMemoryOrders(), Ledger()
        bootstrap(orders, BrokenMailer(), ledger).handle(PlaceOrder("A1", "ada@example.com", 30))
        self.assertIsNotNone(orders.get("A1"))
        self.assertEqual(ledger.entries, {"A1": 30})

    def test_the_reactions_are_subscribers_of_order_placed(self):
        from shop.domain import OrderPlaced  # the event this exercise adds

        orders, mailer, ledger = InMemoryOrders(), Mailer(), Ledger()
        bus = bootstrap(orders, mailer, ledger)
        bus.event_handlers[OrderPlaced] = []  # unsubscribe every reaction
        bus.handle(PlaceOrder("A1", "ada@example.com", 30))
        self.assertIsNotNone(orders.get("A1"))
        self.assertEqual((mailer.sent, ledger.entries), ([], {}))


if __name__ == "__main__":
    unittest.main()

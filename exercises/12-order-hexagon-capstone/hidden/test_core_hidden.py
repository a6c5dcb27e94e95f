"""The domain and the application on their own: no adapter, no HTTP, no SDK, only fakes."""

import importlib
import unittest
from decimal import Decimal


def domain():
    return importlib.import_module("orders.domain")


def application():
    return importlib.import_module("orders.application")


class FakeOrders:
    def __init__(self):
        self.saved = {}

    def next_id(self):
        return len(self.saved) + 1

    def add(self, order):
        self.saved[order.id] = order

    def get(self, order_id):
        return self.saved.get(order_id)


class FakeCatalog:
    def __init__(self, prices, stock):
        self.prices = {sku: Decimal(price) for sku, price in prices.items()}
        self.stock = dict(stock)

    def price_of(self, sku):
        return self.prices.get(sku)

    def in_stock(self, sku):
        return self.stock.get(sku, 0)

    def take(self, sku, qty):
        self.stock[sku] -= qty

    def put_back(self, sku, qty):
        self.stock[sku] += qty


class FakeGateway:
    def __init__(self, decline=False):
        self.decline = decline
        self.calls = []

    def charge(self, card, amount):
        self.calls.append(("charge", card, amount))
        if self.decline:
            raise application().PaymentDeclined()
        return "T1"

    def refund(self, transaction_id, amount):
        self.calls.append(("refund", transaction_id, amount))


class FakeNotifier:
    def __init__(self):
        self.sent = []

    def order_confirmed(self, order):
        self.sent.append(("confirmed", order.id))

    def order_cancelled(self, order):
        self.sent.append(("cancelled", order.id))


class DomainRulesTest(unittest.TestCase):
    """The pricing rules and the cancel rule live in orders.domain."""

    def test_price_applies_discount_codes_and_rounds_half_up(self):
        d = domain()
        pens = [d.Line("PEN", 3, Decimal("0.35"))]
        self.assertEqual(d.price(pens), Decimal("1.05"))
        self.assertEqual(d.price(pens, "WELCOME10"), Decimal("0.95"))
        self.assertEqual(d.price([d.Line("MUG", 1, Decimal("12.50"))], "FIVEOFF"), Decimal("7.50"))
        self.assertEqual(d.price([d.Line("TEA", 1, Decimal("4.00"))], "FIVEOFF"), Decimal("0.00"))

    def test_price_refuses_an_unknown_discount_code(self):
        d = domain()
        with self.assertRaises(d.UnknownDiscount) as raised:
            d.price([d.Line("PEN", 3, Decimal("0.35"))], "FREE")
        self.assertIsInstance(raised.exception, d.DomainError)
        self.assertEqual(str(raised.exception), "unknown discount code: FREE")

    def test_order_cancel_rule(self):
        d = domain()
        order = d.Order(7, "ada@example.com", [d.Line("TEA", 1, Decimal("4.00"))], Decimal("4.00"), "T7")
        self.assertEqual(order.status, "paid")
        order.cancel()
        self.assertEqual(order.status, "cancelled")
        with self.assertRaises(d.AlreadyCancelled) as raised:
            order.cancel()
        self.assertIsInstance(raised.exception, d.DomainError)
        self.assertEqual(str(raised.exception), "order 7 is already cancelled")

    def test_orders_are_equal_by_id(self):
        d = domain()
        lines = [d.Line("TEA", 1, Decimal("4.00"))]
        paid = d.Order(3, "ada@example.com", lines, Decimal("4.00"), "T3")
        later = d.Order(3, "ada@example.com", lines, Decimal("4.00"), "T3")
        later.cancel()
        other = d.Order(4, "ada@example.com", lines, Decimal("4.00"), "T3")
        self.assertEqual(paid, later, "an order is the same order after it is cancelled")
        self.assertNotEqual(paid, other)
        self.assertEqual(len({paid, later}), 1)


class ApplicationWithFakesTest(unittest.TestCase):
    """The use cases run against fakes of the ports, raising domain exceptions, not status codes."""

    def setUp(self):
        self.orders = FakeOrders()
        self.catalog = FakeCatalog({"MUG": "12.50", "LAMP": "3.00"}, {"MUG": 5, "LAMP": 1})
        self.gateway = FakeGateway()
        self.notifier = FakeNotifier()

    def service(self):
        return application().OrderService(self.orders, self.catalog, self.gateway, self.notifier)

    def test_place_order(self):
        order = self.service().place_order("ada@example.com", "4242", [("MUG", 1), ("MUG", 1)], "FIVEOFF")
        self.assertEqual((order.id, order.status, order.total), (1, "paid", Decimal("20.00")))
        self.assertEqual(self.gateway.calls, [("charge", "4242", Decimal("20.00"))])
        self.assertEqual(self.catalog.stock["MUG"], 3)
        self.assertEqual(self.orders.get(1), order)
        self.assertEqual(self.notifier.sent, [("confirmed", 1)])

    def test_place_order_merges_lines_and_checks_stock_on_the_sum(self):
        order = self.service().place_order("ada@example.com", "4242", [("MUG", 2), ("MUG", 3)])
        self.assertEqual([(line.sku, line.qty, line.price) for line in order.lines], [("MUG", 5, Decimal("12.50"))])
        with self.assertRaises(domain().InsufficientStock):
            self.service().place_order("ada@example.com", "4242", [("LAMP", 1), ("LAMP", 1)])

    def test_refusals_raise_domain_errors_and_change_nothing(self):
        d, service = domain(), self.service()
        cases = [
            ([("LAMP", 1), ("LAMP", 1)], None, d.InsufficientStock),
            ([("SOFA", 1)], None, d.UnknownSku),
            ([("MUG", 0)], None, d.InvalidOrder),
            ([("MUG", 1)], "FREE", d.UnknownDiscount),
        ]
        for items, code, error in cases:
            with self.subTest(items=items, code=code), self.assertRaises(error) as raised:
                service.place_order("ada@example.com", "4242", items, code)
            self.assertIsInstance(raised.exception, d.DomainError)
        with self.assertRaises(d.InvalidOrder):
            service.place_order("", "4242", [("MUG", 1)])
        self.assertEqual(
            (self.gateway.calls, self.catalog.stock, self.orders.saved, self.notifier.sent),
            ([], {"MUG": 5, "LAMP": 1}, {}, []),
        )

    def test_declined_payment_changes_nothing(self):
        self.gateway.decline = True
        with self.assertRaises(application().PaymentDeclined):
            self.service().place_order("ada@example.com", "4000", [("LAMP", 1)])
        self.assertEqual((self.catalog.stock["LAMP"], self.orders.saved, self.notifier.sent), (1, {}, []))

    def test_cancel_refunds_and_restocks(self):
        service = self.service()
        service.place_order("ada@example.com", "4242", [("LAMP", 1)])
        cancelled = service.cancel_order(1)
        self.assertEqual(cancelled.status, "cancelled")
        self.assertEqual(self.gateway.calls[-1], ("refund", "T1", Decimal("3.00")))
        self.assertEqual(self.catalog.stock["LAMP"], 1)
        self.assertEqual(self.notifier.sent, [("confirmed", 1), ("cancelled", 1)])
        with self.assertRaises(domain().AlreadyCancelled):
            service.cancel_order(1)
        with self.assertRaises(application().OrderNotFound):
            service.get_order(9)


if __name__ == "__main__":
    unittest.main()

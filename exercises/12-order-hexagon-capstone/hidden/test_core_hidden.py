"""The domain, the bus, the handlers and the use cases on their own: no adapter, no HTTP, no SDK, only fakes."""

import importlib
import unittest
from decimal import Decimal


def domain():
    return importlib.import_module("orders.domain")


def application():
    return importlib.import_module("orders.application")


def _order(order_id=7, lines=None, total="4.00"):
    d = domain()
    lines = lines if lines is not None else [d.Line("TEA", 1, Decimal("4.00"))]
    return d.Order.place(order_id, "ada@example.com", lines, Decimal(total), f"T{order_id}")


class Snapshot:
    """What a store keeps of an order: its fields, not the object the service goes on changing."""

    def __init__(self, order):
        self.fields = (order.id, order.customer, list(order.lines), order.total, order.transaction_id)
        self.status, self.version = order.status, order.version

    def revive(self):
        order = domain().Order(*self.fields)
        order.status, order.version = self.status, self.version
        return order


class FakeOrders:
    """Keeps snapshots, so a change counts only once it is saved, and refuses a stale save."""

    def __init__(self):
        self.saved = {}
        self.saves = []
        self.on_get = None

    def next_id(self):
        return len(self.saved) + 1

    def get(self, order_id):
        snapshot = self.saved.get(order_id)
        order = snapshot.revive() if snapshot else None
        if self.on_get is not None:
            hook, self.on_get = self.on_get, None
            hook()
        return order

    def save(self, order, expected_version):
        self.saves.append((order.id, order.status, order.version, expected_version))
        stored = self.saved.get(order.id)
        if (stored.version if stored else 0) != expected_version:
            raise application().ConcurrencyConflict(f"order {order.id}: stale version {expected_version}")
        self.saved[order.id] = Snapshot(order)

    def stored(self, order_id):
        snapshot = self.saved.get(order_id)
        return (snapshot.status, snapshot.version) if snapshot else None


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

    def send(self, to, subject):
        self.sent.append((to, subject))


class RecordingBus:
    """Records each event with what the store held at that moment."""

    def __init__(self, orders):
        self.orders = orders
        self.published = []

    def publish(self, event):
        self.published.append((event, self.orders.stored(event.order_id)))


class DomainRulesTest(unittest.TestCase):
    """The pricing rules live in orders.domain."""

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


class OrderAggregateTest(unittest.TestCase):
    """Order is the aggregate: its rules, its version and the events it records."""

    def test_placing_records_order_placed_at_version_1(self):
        d = domain()
        order = _order(7)
        self.assertEqual((order.id, order.status, order.version), (7, "paid", 1))
        self.assertEqual(order.pull_events(), [d.OrderPlaced(7, "ada@example.com", Decimal("4.00"))])
        self.assertEqual(order.pull_events(), [], "pulled events are gone")

    def test_place_refuses_an_order_without_customer_or_lines(self):
        d = domain()
        with self.assertRaises(d.InvalidOrder):
            d.Order.place(1, "", [d.Line("TEA", 1, Decimal("4.00"))], Decimal("4.00"), "T1")
        with self.assertRaises(d.InvalidOrder):
            d.Order.place(1, "ada@example.com", [], Decimal("0.00"), "T1")

    def test_cancel_rule_version_and_event(self):
        d = domain()
        lines = [d.Line("TEA", 2, Decimal("4.00")), d.Line("MUG", 1, Decimal("12.50"))]
        order = _order(7, lines, "20.50")
        order.pull_events()
        order.cancel()
        self.assertEqual((order.status, order.version), ("cancelled", 2))
        [event] = order.pull_events()
        self.assertEqual(event, d.OrderCancelled(7, "ada@example.com", "T7", Decimal("20.50"), tuple(lines)))
        self.assertEqual([(line.sku, line.qty) for line in event.lines], [("TEA", 2), ("MUG", 1)])
        with self.assertRaises(d.AlreadyCancelled) as raised:
            order.cancel()
        self.assertIsInstance(raised.exception, d.DomainError)
        self.assertEqual(str(raised.exception), "order 7 is already cancelled")
        self.assertEqual((order.version, order.pull_events()), (2, []), "a refused change records nothing")

    def test_events_are_values(self):
        d = domain()
        placed = d.OrderPlaced(1, "ada@example.com", Decimal("3.00"))
        self.assertEqual(placed, d.OrderPlaced(1, "ada@example.com", Decimal("3.00")))
        self.assertEqual(len({placed, d.OrderPlaced(1, "ada@example.com", Decimal("3.00"))}), 1)
        with self.assertRaises(Exception):
            placed.total = Decimal("0")

    def test_orders_are_equal_by_id(self):
        paid, later, other = _order(3), _order(3), _order(4)
        later.cancel()
        self.assertEqual(paid, later, "an order is the same order after it is cancelled")
        self.assertNotEqual(paid, other)
        self.assertEqual(len({paid, later}), 1)


class MessageBusTest(unittest.TestCase):
    """orders.messagebus.MessageBus delivers each event to every handler of its type."""

    def bus(self, handlers):
        return importlib.import_module("orders.messagebus").MessageBus(handlers)

    def test_every_subscriber_in_order_and_only_its_type(self):
        d, seen = domain(), []
        bus = self.bus(
            {
                d.OrderPlaced: [lambda e: seen.append(("first", e.order_id)), lambda e: seen.append(("second", e.order_id))],
                d.OrderCancelled: [lambda e: seen.append(("cancelled", e.order_id))],
            }
        )
        bus.publish(d.OrderPlaced(5, "ada@example.com", Decimal("1.00")))
        self.assertEqual(seen, [("first", 5), ("second", 5)])
        bus.publish(d.OrderCancelled(5, "ada@example.com", "T5", Decimal("1.00"), ()))
        self.assertEqual(seen[-1], ("cancelled", 5))
        self.bus({}).publish(d.OrderPlaced(6, "ada@example.com", Decimal("1.00")))

    def test_a_failing_handler_does_not_stop_the_others(self):
        d, seen = domain(), []

        def mail_server_down(event):
            raise ConnectionError("smtp timeout")

        bus = self.bus({d.OrderPlaced: [mail_server_down, lambda e: seen.append(e.order_id)]})
        event = d.OrderPlaced(5, "ada@example.com", Decimal("1.00"))
        bus.publish(event)
        self.assertEqual(seen, [5])
        [(failed, error)] = bus.failures
        self.assertEqual(failed, event)
        self.assertIsInstance(error, ConnectionError)


class HandlersTest(unittest.TestCase):
    """orders.handlers: one reaction each, given the port it needs."""

    def handlers(self):
        return importlib.import_module("orders.handlers")

    def cancelled(self):
        d = domain()
        lines = (d.Line("TEA", 2, Decimal("4.00")), d.Line("MUG", 1, Decimal("12.50")))
        return d.OrderCancelled(7, "ada@example.com", "T7", Decimal("20.50"), lines)

    def test_emails(self):
        notifier = FakeNotifier()
        self.handlers().send_confirmation(domain().OrderPlaced(7, "ada@example.com", Decimal("1.00")), notifier)
        self.handlers().send_cancellation(self.cancelled(), notifier)
        self.assertEqual(notifier.sent, [("ada@example.com", "Order 7 confirmed"), ("ada@example.com", "Order 7 cancelled")])

    def test_refund_and_restock(self):
        gateway, catalog = FakeGateway(), FakeCatalog({}, {"TEA": 0, "MUG": 1})
        self.handlers().refund_payment(self.cancelled(), gateway)
        self.handlers().return_stock(self.cancelled(), catalog)
        self.assertEqual(gateway.calls, [("refund", "T7", Decimal("20.50"))])
        self.assertEqual(catalog.stock, {"TEA": 2, "MUG": 2})


class ApplicationWithFakesTest(unittest.TestCase):
    """The use cases run against fakes of the ports and publish events, after the save, for the side effects."""

    def setUp(self):
        self.orders = FakeOrders()
        self.catalog = FakeCatalog({"MUG": "12.50", "LAMP": "3.00"}, {"MUG": 5, "LAMP": 1})
        self.gateway = FakeGateway()
        self.bus = RecordingBus(self.orders)

    def service(self):
        return application().OrderService(self.orders, self.catalog, self.gateway, self.bus)

    def test_place_order_saves_version_1_then_publishes_order_placed(self):
        order = self.service().place_order("ada@example.com", "4242", [("MUG", 1), ("MUG", 1)], "FIVEOFF")
        self.assertEqual((order.id, order.status, order.total), (1, "paid", Decimal("20.00")))
        self.assertEqual(self.gateway.calls, [("charge", "4242", Decimal("20.00"))])
        self.assertEqual(self.catalog.stock["MUG"], 3)
        self.assertEqual(self.orders.saves, [(1, "paid", 1, 0)])
        self.assertEqual(self.bus.published, [(domain().OrderPlaced(1, "ada@example.com", Decimal("20.00")), ("paid", 1))])

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
            (self.gateway.calls, self.catalog.stock, self.orders.saves, self.bus.published),
            ([], {"MUG": 5, "LAMP": 1}, [], []),
        )

    def test_declined_payment_changes_nothing(self):
        self.gateway.decline = True
        with self.assertRaises(application().PaymentDeclined):
            self.service().place_order("ada@example.com", "4000", [("LAMP", 1)])
        self.assertEqual((self.catalog.stock["LAMP"], self.orders.saves, self.bus.published), (1, [], []))

    def test_cancel_saves_version_2_then_publishes_and_leaves_side_effects_to_handlers(self):
        d, service = domain(), self.service()
        service.place_order("ada@example.com", "4242", [("LAMP", 1)])
        cancelled = service.cancel_order(1)
        self.assertEqual((cancelled.status, cancelled.version), ("cancelled", 2))
        self.assertEqual(self.orders.saves[-1], (1, "cancelled", 2, 1))
        event, stored = self.bus.published[-1]
        self.assertEqual(event, d.OrderCancelled(1, "ada@example.com", "T1", Decimal("3.00"), (d.Line("LAMP", 1, Decimal("3.00")),)))
        self.assertEqual(stored, ("cancelled", 2), "published after the save")
        self.assertEqual(self.gateway.calls, [("charge", "4242", Decimal("3.00"))], "the refund is a handler's job")
        self.assertEqual(self.catalog.stock["LAMP"], 0, "returning the stock is a handler's job")
        with self.assertRaises(d.AlreadyCancelled):
            service.cancel_order(1)
        self.assertEqual(len(self.bus.published), 2)
        with self.assertRaises(application().OrderNotFound):
            service.get_order(9)
        with self.assertRaises(application().OrderNotFound):
            service.cancel_order(9)

    def test_two_cancels_at_once_cancel_once(self):
        d = domain()
        first, second = self.service(), self.service()
        first.place_order("ada@example.com", "4242", [("LAMP", 1)])
        # The first request reads version 1; before it saves, the second one cancels the order.
        self.orders.on_get = lambda: second.cancel_order(1)
        with self.assertRaises(d.AlreadyCancelled):
            first.cancel_order(1)
        self.assertEqual(self.orders.stored(1), ("cancelled", 2))
        cancellations = [event for event, _ in self.bus.published if isinstance(event, d.OrderCancelled)]
        self.assertEqual(len(cancellations), 1, "a stale save publishes nothing")
        self.assertIn((1, "cancelled", 2, 1), self.orders.saves)
        self.assertEqual(self.orders.saves.count((1, "cancelled", 2, 1)), 2, "the loser saved from version 1 and was refused")


if __name__ == "__main__":
    unittest.main()

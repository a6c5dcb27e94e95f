import importlib
import json
import sys
import unittest
from decimal import Decimal

CATALOG = {"MUG": "12.50", "TEA": "4.00", "PEN": "0.35", "LAMP": "3.00"}
STOCK = {"MUG": 5, "TEA": 10, "PEN": 100, "LAMP": 1}


def _build(**kwargs):
    return importlib.import_module("orders.bootstrap").build(dict(CATALOG), dict(STOCK), **kwargs)


def _post(app, **body):
    return app.handle("POST", "/orders", json.dumps(body))


def _order(app, lines, **extra):
    body = {"customer": "ada@example.com", "card": "4242424242424242", "lines": lines}
    body.update(extra)
    return _post(app, **body)


class RecordingGateway:
    def __init__(self, decline=False):
        self.decline = decline
        self.calls = []

    def charge(self, card, amount):
        self.calls.append(("charge", card, amount))
        if self.decline:
            raise importlib.import_module("orders.application").PaymentDeclined()
        return f"T{len(self.calls)}"

    def refund(self, transaction_id, amount):
        self.calls.append(("refund", transaction_id, amount))


class RequestsBehaveAsBeforeTest(unittest.TestCase):
    """What the starter already does right, through handle(): worth one test each, not one per rule."""

    def test_requests_behave_as_before(self):
        self._discount_codes()
        self._lines_are_merged_and_stock_checked_on_the_sum()
        self._validation_errors()
        self._cancel_twice_and_unknown()
        self._unknown_routes()

    def test_gateways_through_build(self):
        self._declined_with_the_default_gateway_changes_nothing()
        self._declined_by_a_custom_gateway()
        self._custom_gateway_gets_decimal_amounts()
        self._cancel_refunds_restocks_and_emails()

    def _discount_codes(self):
        app = _build()
        self.assertEqual(_order(app, [{"sku": "PEN", "qty": 3}], discount="WELCOME10")[1]["total"], "0.95")
        self.assertEqual(_order(app, [{"sku": "TEA", "qty": 1}], discount="FIVEOFF")[1]["total"], "0.00")
        self.assertEqual(_order(app, [{"sku": "MUG", "qty": 1}], discount="FIVEOFF")[1]["total"], "7.50")
        status, payload = _order(app, [{"sku": "MUG", "qty": 1}], discount="FREE")
        self.assertEqual((status, payload), (422, {"error": "unknown discount code: FREE"}))

    def _lines_are_merged_and_stock_checked_on_the_sum(self):
        app = _build()
        status, _ = _order(app, [{"sku": "LAMP", "qty": 1}, {"sku": "LAMP", "qty": 1}])
        self.assertEqual(status, 409)
        status, payload = _order(app, [{"sku": "TEA", "qty": 2}, {"sku": "TEA", "qty": 3}])
        self.assertEqual((status, payload["total"]), (201, "20.00"))
        self.assertEqual(app.handle("GET", "/orders/1")[1]["lines"], [{"sku": "TEA", "qty": 5, "price": "4.00"}])

    def _validation_errors(self):
        app = _build()
        self.assertEqual(app.handle("POST", "/orders", "{not json")[0], 400)
        self.assertEqual(_order(app, [])[0], 400)
        self.assertEqual(_order(app, [{"sku": "MUG", "qty": 0}])[0], 400)
        self.assertEqual(_order(app, [{"sku": "MUG", "qty": "2"}])[0], 400)
        self.assertEqual(_post(app, card="4242", lines=[{"sku": "MUG", "qty": 1}])[0], 400)
        self.assertEqual(_order(app, [{"sku": "SOFA", "qty": 1}]), (422, {"error": "unknown sku: SOFA"}))
        self.assertEqual(_order(app, [{"sku": "MUG", "qty": 6}]), (409, {"error": "insufficient stock for MUG"}))
        self.assertEqual(app.emails, [])
        self.assertEqual(_order(app, [{"sku": "MUG", "qty": 5}])[1]["id"], 1)

    def _declined_with_the_default_gateway_changes_nothing(self):
        app = _build()
        status, payload = _post(app, customer="bob@example.com", card="4000000000000002", lines=[{"sku": "LAMP", "qty": 1}])
        self.assertEqual((status, payload), (402, {"error": "payment declined"}))
        self.assertEqual(app.handle("GET", "/orders/1")[0], 404)
        self.assertEqual(_order(app, [{"sku": "LAMP", "qty": 1}])[1]["id"], 1)
        self.assertEqual(app.emails, [("ada@example.com", "Order 1 confirmed")])

    def _declined_by_a_custom_gateway(self):
        gateway = RecordingGateway(decline=True)
        app = _build(gateway=gateway)
        self.assertEqual(_order(app, [{"sku": "MUG", "qty": 1}])[0], 402)
        self.assertEqual(gateway.calls, [("charge", "4242424242424242", Decimal("12.50"))])
        self.assertEqual(_build().handle("GET", "/orders/1")[0], 404)

    def _custom_gateway_gets_decimal_amounts(self):
        gateway = RecordingGateway()
        app = _build(gateway=gateway)
        _order(app, [{"sku": "PEN", "qty": 7}], discount="WELCOME10")
        kind, card, amount = gateway.calls[0]
        self.assertEqual((kind, card), ("charge", "4242424242424242"))
        self.assertIsInstance(amount, Decimal)
        self.assertEqual(amount, Decimal("2.21"))

    def _cancel_refunds_restocks_and_emails(self):
        gateway = RecordingGateway()
        app = _build(gateway=gateway)
        _order(app, [{"sku": "LAMP", "qty": 1}])
        self.assertEqual(_order(app, [{"sku": "LAMP", "qty": 1}])[0], 409)
        self.assertEqual(app.handle("POST", "/orders/1/cancel"), (200, {"id": 1, "status": "cancelled"}))
        self.assertIn(("refund", "T1", Decimal("3.00")), gateway.calls)
        self.assertEqual(app.handle("GET", "/orders/1")[1]["status"], "cancelled")
        self.assertEqual(_order(app, [{"sku": "LAMP", "qty": 1}])[0], 201)
        self.assertEqual(
            app.emails,
            [
                ("ada@example.com", "Order 1 confirmed"),
                ("ada@example.com", "Order 1 cancelled"),
                ("ada@example.com", "Order 2 confirmed"),
            ],
        )

    def _cancel_twice_and_unknown(self):
        gateway = RecordingGateway()
        app = _build(gateway=gateway)
        _order(app, [{"sku": "TEA", "qty": 1}])
        app.handle("POST", "/orders/1/cancel")
        self.assertEqual(app.handle("POST", "/orders/1/cancel"), (409, {"error": "order 1 is already cancelled"}))
        self.assertEqual(app.handle("POST", "/orders/9/cancel"), (404, {"error": "order 9 not found"}))
        self.assertEqual([call[0] for call in gateway.calls], ["charge", "refund"])

    def _unknown_routes(self):
        app = _build()
        for method, path in (("DELETE", "/orders/1"), ("GET", "/customers"), ("POST", "/orders/1/refund")):
            self.assertEqual(app.handle(method, path), (404, {"error": "not found"}))


class StructureTest(unittest.TestCase):
    def test_apps_share_nothing(self):
        first, second = _build(), _build()
        _order(first, [{"sku": "LAMP", "qty": 1}])
        self.assertEqual(_order(second, [{"sku": "LAMP", "qty": 1}])[1]["id"], 1)
        self.assertEqual(len(first.emails), 1)
        self.assertEqual(len(second.emails), 1)

    def test_application_needs_no_adapters(self):
        for core in ("orders.application", "orders.handlers", "orders.messagebus"):
            for name in list(sys.modules):
                if name == "orders" or name.startswith("orders."):
                    del sys.modules[name]
            importlib.import_module(core)
            loaded = {name for name in sys.modules if name.startswith("orders.")}
            self.assertFalse({name for name in loaded if name.startswith("orders.adapters")}, (core, loaded))
            self.assertNotIn("orders.payments_client", loaded, core)
            self.assertNotIn("orders.bootstrap", loaded, core)

    def test_memory_store_hands_out_copies_and_refuses_a_stale_save(self):
        domain = importlib.import_module("orders.domain")
        conflict = importlib.import_module("orders.application").ConcurrencyConflict
        store = importlib.import_module("orders.adapters.memory").InMemoryOrders()
        self.assertEqual((store.next_id(), store.get(1)), (1, None))
        placed = domain.Order.place(1, "ada@example.com", [domain.Line("TEA", 1, Decimal("4.00"))], Decimal("4.00"), "T1")
        store.save(placed, 0)
        self.assertEqual(store.next_id(), 2)
        with self.assertRaises(conflict):
            store.save(placed, 0)
        first, second = store.get(1), store.get(1)
        self.assertIsNot(first, second)
        first.cancel()
        self.assertEqual((store.get(1).status, store.get(1).version), ("paid", 1), "unsaved changes are not stored")
        store.save(first, 1)
        second.cancel()
        with self.assertRaises(conflict):
            store.save(second, 1)
        self.assertEqual((store.get(1).status, store.get(1).version), ("cancelled", 2))


if __name__ == "__main__":
    unittest.main()

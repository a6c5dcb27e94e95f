import json
import unittest

from orders.bootstrap import build

CATALOG = {"MUG": "12.50", "TEA": "4.00"}


class OrdersTest(unittest.TestCase):
    def setUp(self):
        self.app = build(CATALOG, {"MUG": 5, "TEA": 10})

    def place(self, **body):
        return self.app.handle("POST", "/orders", json.dumps(body))

    def test_place_and_get(self):
        status, payload = self.place(customer="ada@example.com", card="4242", lines=[{"sku": "MUG", "qty": 2}])
        self.assertEqual((status, payload), (201, {"id": 1, "status": "paid", "total": "25.00"}))
        status, payload = self.app.handle("GET", "/orders/1")
        self.assertEqual(status, 200)
        self.assertEqual(payload["lines"], [{"sku": "MUG", "qty": 2, "price": "12.50"}])
        self.assertEqual(self.app.emails, [("ada@example.com", "Order 1 confirmed")])

    def test_unknown_order(self):
        self.assertEqual(self.app.handle("GET", "/orders/42"), (404, {"error": "order 42 not found"}))


if __name__ == "__main__":
    unittest.main()

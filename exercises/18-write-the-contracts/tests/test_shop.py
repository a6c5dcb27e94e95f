import unittest

from shop.adapters.console import run
from shop.adapters.memory import InMemoryOrders
from shop.application.ordering import place_order


class ShopTest(unittest.TestCase):
    def test_invoice(self):
        self.assertEqual(run(), "Invoice A-1\ntea x2 7.00\ncup x1 8.00\nTotal 15.00")

    def test_order_total(self):
        orders = InMemoryOrders()
        order = place_order(orders, "B-2", [("tea", 3, "1.25")])
        self.assertEqual(order.total, 375)
        self.assertIs(orders.get("B-2"), order)

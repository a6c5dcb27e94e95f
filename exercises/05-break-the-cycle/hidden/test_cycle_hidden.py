import importlib
import sys
import typing
import unittest
from decimal import Decimal


def _forget_accounts():
    for name in list(sys.modules):
        if name == "accounts" or name.startswith("accounts."):
            del sys.modules[name]


class Stranger:
    """Not a users.User, but it has everything an order needs."""

    def __init__(self, id, name, vip):
        self.id, self.name, self.vip = id, name, vip


class ProtocolTest(unittest.TestCase):
    def tearDown(self):
        _forget_accounts()

    def test_orders_never_load_users(self):
        _forget_accounts()
        orders = importlib.import_module("accounts.orders")
        orders.Order(customer=Stranger(3, "Cy", False), lines=[("tea", 1, "2.00")]).receipt()
        self.assertNotIn("accounts.users", sys.modules)

    def test_customer_is_a_protocol(self):
        orders = importlib.import_module("accounts.orders")
        self.assertTrue(issubclass(orders.Customer, typing.Protocol))
        self.assertTrue(getattr(orders.Customer, "_is_protocol", False))

    def test_orders_accept_any_customer(self):
        orders = importlib.import_module("accounts.orders")
        order = orders.Order(customer=Stranger(7, "Grace", True), lines=[("cable", 3, "3.33")])
        # 9.99 less 10% is 8.991, rounded half up.
        self.assertEqual(order.total(), Decimal("8.99"))
        self.assertEqual(order.receipt(), "Order for Grace (#7): 8.99")


class BehaviourTest(unittest.TestCase):
    def test_empty_order_is_refused(self):
        orders = importlib.import_module("accounts.orders")
        with self.assertRaises(orders.EmptyOrder):
            orders.Order(customer=Stranger(1, "A", False), lines=[])

    def test_vip_discount_rounds_half_up(self):
        users = importlib.import_module("accounts.users")
        vip = users.User(id=5, name="Vi", vip=True)
        self.assertEqual(vip.place_order([("gum", 1, "0.05")]).total(), Decimal("0.05"))
        self.assertEqual(vip.place_order([("gum", 1, "0.15")]).total(), Decimal("0.14"))
        self.assertEqual(vip.lifetime_value(), Decimal("0.19"))

    def test_users_still_import_orders(self):
        users = importlib.import_module("accounts.users")
        nobody = users.User(id=9, name="Nobody")
        self.assertEqual(nobody.lifetime_value(), Decimal("0"))
        self.assertEqual(nobody.orders, [])


if __name__ == "__main__":
    unittest.main()

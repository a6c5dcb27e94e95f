import unittest
from decimal import Decimal

from accounts.users import User


class AccountsTest(unittest.TestCase):
    def test_lifetime_value(self):
        ada = User(id=1, name="Ada")
        ada.place_order([("pen", 2, "1.50")])
        ada.place_order([("ink", 1, "4.00")])
        self.assertEqual(ada.lifetime_value(), Decimal("7.00"))

    def test_receipt(self):
        bob = User(id=2, name="Bob", vip=True)
        order = bob.place_order([("book", 1, "20.00")])
        self.assertEqual(order.receipt(), "Order for Bob (#2): 18.00")


if __name__ == "__main__":
    unittest.main()

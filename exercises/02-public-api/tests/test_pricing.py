import unittest
from decimal import Decimal

from checkout.cart import cart_total


class PublicApiTest(unittest.TestCase):
    def test_price_with_tax_from_the_package(self):
        from pricing import price_with_tax

        self.assertEqual(price_with_tax(Decimal("10.00"), "standard"), Decimal("12.00"))

    def test_apply_discount_from_the_package(self):
        from pricing import apply_discount

        self.assertEqual(apply_discount(Decimal("50.00"), 10), Decimal("45.00"))

    def test_cart_total(self):
        lines = [("10.00", 2, "standard"), ("4.00", 1, "reduced")]
        self.assertEqual(cart_total(lines), Decimal("28.20"))


if __name__ == "__main__":
    unittest.main()

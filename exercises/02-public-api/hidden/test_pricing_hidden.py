import importlib
import pkgutil
import unittest
from decimal import Decimal

import pricing


class SurfaceTest(unittest.TestCase):
    def test_public_names(self):
        self.assertEqual(sorted(pricing.__all__), ["UnknownCategory", "apply_discount", "price_with_tax"])
        for name in pricing.__all__:
            self.assertTrue(hasattr(pricing, name), name)

    def test_star_import(self):
        namespace = {}
        exec("from pricing import *", namespace)
        namespace.pop("__builtins__", None)
        self.assertEqual(sorted(namespace), ["UnknownCategory", "apply_discount", "price_with_tax"])

    def test_modules_are_private(self):
        names = [info.name for info in pkgutil.iter_modules(pricing.__path__)]
        self.assertTrue(names, "pricing should still have modules besides __init__.py")
        public = [name for name in names if not name.startswith("_")]
        self.assertEqual(public, [])


class BehaviourTest(unittest.TestCase):
    def test_tax_rounds_half_up_to_cents(self):
        self.assertEqual(pricing.price_with_tax(Decimal("9.99"), "standard"), Decimal("11.99"))
        self.assertEqual(pricing.price_with_tax(Decimal("0.125"), "zero"), Decimal("0.13"))
        self.assertEqual(pricing.price_with_tax(Decimal("0.10"), "reduced"), Decimal("0.11"))

    def test_unknown_category(self):
        with self.assertRaises(pricing.UnknownCategory) as caught:
            pricing.price_with_tax(Decimal("1"), "luxury")
        self.assertIsInstance(caught.exception, ValueError)
        self.assertIn("luxury", str(caught.exception))

    def test_discount_bounds(self):
        self.assertEqual(pricing.apply_discount(Decimal("19.99"), 100), Decimal("0.00"))
        self.assertEqual(pricing.apply_discount(Decimal("19.99"), 0), Decimal("19.99"))
        self.assertEqual(pricing.apply_discount(Decimal("0.05"), 50), Decimal("0.03"))
        for bad in (-1, 101):
            with self.assertRaises(ValueError):
                pricing.apply_discount(Decimal("10"), bad)


class CheckoutTest(unittest.TestCase):
    def test_checkout_total(self):
        cart = importlib.import_module("checkout.cart")
        lines = [("3.33", 3, "standard"), ("1.01", 2, "zero")]
        # 3.33 -> 4.00 with tax (3.996 rounded), times 3 = 12.00, plus 2.02.
        self.assertEqual(cart.cart_total(lines), Decimal("14.02"))
        self.assertEqual(cart.cart_total(lines, discount_percent=25), Decimal("10.52"))
        self.assertEqual(cart.cart_total([]), Decimal("0.00"))

    def test_checkout_rejects_unknown_category(self):
        cart = importlib.import_module("checkout.cart")
        with self.assertRaises(pricing.UnknownCategory):
            cart.cart_total([("1.00", 1, "imaginary")])


if __name__ == "__main__":
    unittest.main()

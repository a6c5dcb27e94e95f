import unittest
from decimal import Decimal

from billing.domain.invoice import Invoice
from billing.domain.money import Money


class BillingTest(unittest.TestCase):
    def test_money_adds_exactly(self):
        self.assertEqual(Money("0.10", "EUR") + Money("0.20", "EUR"), Money("0.30", "EUR"))

    def test_partial_then_full_payment(self):
        invoice = Invoice("INV-1", "ada@example.com", Money("100.00", "EUR"))
        invoice.pay(Money("40.00", "EUR"))
        self.assertEqual(invoice.balance(), Money("60.00", "EUR"))
        invoice.pay(Money("60.00", "EUR"))
        self.assertTrue(invoice.is_paid())
        self.assertEqual(invoice.balance().amount, Decimal("0"))


if __name__ == "__main__":
    unittest.main()

import importlib
import sys
import unittest

from ledgerly.services import audit
from ledgerly.web import views


class BehaviourTest(unittest.TestCase):
    def setUp(self):
        views.reset()
        views.login("clerk")
        _, self.ada = views.open_account("Ada")
        _, self.bob = views.open_account("Bob")
        views.deposit(self.ada, "2000")

    def test_withdraw_fee_is_one_percent_above_the_minimum(self):
        views.withdraw(self.ada, "150")
        self.assertIn("acc-1 Ada: 1,848.50", views.statement()[1])

    def test_withdraw_insufficient_funds_counts_the_fee(self):
        views.deposit(self.bob, "10")
        self.assertEqual(views.withdraw(self.bob, "9.60"), (409, "acc-2 cannot pay 10.10"))
        self.assertEqual(views.withdraw(self.bob, "9.50"), (200, "ok"))
        self.assertIn("acc-2 Bob: 0.00", views.statement()[1])

    def test_statement_sorted_and_rounded(self):
        views.deposit(self.bob, "0.005")
        self.assertEqual(views.statement(), (200, "acc-1 Ada: 2,000.00\nacc-2 Bob: 0.01"))

    def test_transfer(self):
        self.assertEqual(views.transfer(self.ada, self.bob, "500"), (200, "ok"))
        self.assertEqual(views.transfer(self.bob, self.ada, "501"), (409, "acc-2 cannot pay 501.00"))
        self.assertEqual(views.statement()[1], "acc-1 Ada: 1,500.00\nacc-2 Bob: 500.00")

    def test_audit_trail(self):
        views.withdraw(self.ada, "10")
        views.transfer(self.ada, self.bob, "5")
        self.assertEqual(
            audit.entries(),
            [
                ("clerk", "open acc-1"),
                ("clerk", "open acc-2"),
                ("clerk", "deposit 2000.00 to acc-1"),
                ("clerk", "withdraw 10.00 from acc-1"),
                ("clerk", "transfer 5.00 from acc-1 to acc-2"),
            ],
        )

    def test_audit_actor_follows_the_session(self):
        views.login("manager")
        views.transfer(self.ada, self.bob, "1")
        views.login("auditor")
        views.deposit(self.bob, "1")
        self.assertEqual(audit.entries()[-2:], [("manager", "transfer 1.00 from acc-1 to acc-2"), ("auditor", "deposit 1.00 to acc-2")])


class StructureTest(unittest.TestCase):
    def test_models_load_alone(self):
        for name in list(sys.modules):
            if name == "ledgerly" or name.startswith("ledgerly."):
                del sys.modules[name]
        try:
            account = importlib.import_module("ledgerly.models.account")
            acc = account.Account("x", "Test")
            acc.deposit(account.Decimal("100"))
            acc.withdraw(account.Decimal("20"))
            self.assertEqual(str(acc.balance), "79.50")
            above = [n for n in sys.modules if n.startswith(("ledgerly.services", "ledgerly.db", "ledgerly.web"))]
            self.assertEqual(above, [])
        finally:
            for name in list(sys.modules):
                if name == "ledgerly" or name.startswith("ledgerly."):
                    del sys.modules[name]


if __name__ == "__main__":
    unittest.main()

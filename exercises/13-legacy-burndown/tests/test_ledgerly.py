import unittest

from ledgerly.web import views


class ViewsTest(unittest.TestCase):
    def setUp(self):
        views.reset()

    def test_open_and_deposit(self):
        status, account_id = views.open_account("Ada")
        self.assertEqual((status, account_id), (201, "acc-1"))
        views.deposit(account_id, "100")
        self.assertEqual(views.statement(), (200, "acc-1 Ada: 100.00"))

    def test_withdraw_charges_a_fee(self):
        _, account_id = views.open_account("Ada")
        views.deposit(account_id, "100")
        views.withdraw(account_id, "10")
        self.assertEqual(views.statement(), (200, "acc-1 Ada: 89.50"))


if __name__ == "__main__":
    unittest.main()

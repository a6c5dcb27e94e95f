import unittest
from decimal import Decimal

from campus.app import build


class CampusTest(unittest.TestCase):
    def test_enrol_charges_and_welcomes(self):
        app = build()
        app.enrolment.enrol("s1", "Ada Lovelace", "ada@example.com", "python-101")
        self.assertEqual(app.billing.balance("s1"), Decimal("120.00"))
        self.assertEqual(app.notifications.sent, [("ada@example.com", "Welcome to python-101")])


if __name__ == "__main__":
    unittest.main()

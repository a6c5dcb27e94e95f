import unittest
from datetime import date

from alerts.bootstrap import bootstrap
from alerts.domain import Invoice, overdue


class ListInvoices:
    def __init__(self, *invoices):
        self.invoices = list(invoices)

    def list_unpaid(self):
        return [i for i in self.invoices if not i.paid]


class RecordingSender:
    def __init__(self):
        self.sent = []

    def send(self, to, text):
        self.sent.append(to)


class FixedClock:
    def today(self):
        return date(2026, 3, 10)


LATE = Invoice("I-1", "ada@example.com", date(2026, 3, 1))
NOT_YET = Invoice("I-2", "bob@example.com", date(2026, 3, 20))


class AlertsTest(unittest.TestCase):
    def test_overdue_is_unpaid_and_past_due(self):
        paid = Invoice("I-3", "cy@example.com", date(2026, 2, 1), paid=True)
        self.assertEqual(overdue([NOT_YET, LATE, paid], date(2026, 3, 10)), [LATE])

    def test_reminders_go_through_the_dependencies_it_is_given(self):
        sender = RecordingSender()
        app = bootstrap(invoices=ListInvoices(LATE, NOT_YET), sender=sender, clock=FixedClock())
        self.assertEqual(app.run(), 1)
        self.assertEqual(sender.sent, ["ada@example.com"])


if __name__ == "__main__":
    unittest.main()

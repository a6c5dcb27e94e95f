import importlib
import inspect
import unittest
from decimal import Decimal


def _domain():
    money = importlib.import_module("billing.domain.money")
    invoice = importlib.import_module("billing.domain.invoice")
    events = importlib.import_module("billing.domain.events")
    return money, invoice, events


class MoneyTest(unittest.TestCase):
    def test_money_is_a_value(self):
        money, _, _ = _domain()
        a, b = money.Money(Decimal("1.10"), "EUR"), money.Money("1.1", "EUR")
        self.assertEqual(a, b)
        self.assertEqual(len({a, b, money.Money(1, "EUR")}), 2)
        self.assertNotEqual(a, money.Money("1.10", "USD"))
        self.assertIsInstance(a.amount, Decimal)

    def test_money_is_immutable(self):
        money, _, _ = _domain()
        price = money.Money("5", "GBP")
        with self.assertRaises(Exception):
            price.amount = Decimal("6")
        self.assertEqual(price.amount, Decimal("5"))

    def test_money_validates(self):
        money, _, _ = _domain()
        with self.assertRaises(TypeError):
            money.Money(0.1, "EUR")
        for bad in ("eur", "EURO", "E1R", ""):
            with self.assertRaises(ValueError):
                money.Money("1", bad)

    def test_money_currency_mismatch(self):
        money, _, _ = _domain()
        self.assertTrue(issubclass(money.CurrencyMismatch, ValueError))
        with self.assertRaises(money.CurrencyMismatch):
            money.Money("1", "EUR") + money.Money("1", "USD")
        with self.assertRaises(money.CurrencyMismatch):
            money.Money("1", "EUR") - money.Money("1", "GBP")
        self.assertEqual(money.Money("3.00", "EUR") - money.Money("0.75", "EUR"), money.Money("2.25", "EUR"))


class InvoiceTest(unittest.TestCase):
    def test_invoice_identity(self):
        money, invoice, _ = _domain()
        first = invoice.Invoice("INV-7", "ada@example.com", money.Money("10", "EUR"))
        same = invoice.Invoice("INV-7", "ada@example.com", money.Money("10", "EUR"))
        same.pay(money.Money("3", "EUR"))
        other = invoice.Invoice("INV-8", "ada@example.com", money.Money("10", "EUR"))
        self.assertEqual(first, same)
        self.assertEqual(hash(first), hash(same))
        self.assertNotEqual(first, other)
        self.assertEqual(len({first, same, other}), 2)

    def test_invoice_stays_the_same_key_as_it_is_paid(self):
        money, invoice, _ = _domain()
        bill = invoice.Invoice("INV-12", "ada@example.com", money.Money("10", "EUR"))
        notes = {bill: "sent"}
        bill.pay(money.Money("4", "EUR"))
        self.assertEqual(notes.get(bill), "sent", "an entity's hash must not change with its state")
        self.assertIn(bill, {bill})

    def test_invoice_equality_is_by_id_only(self):
        money, invoice, _ = _domain()
        first = invoice.Invoice("INV-13", "ada@example.com", money.Money("10", "EUR"))
        corrected = invoice.Invoice("INV-13", "ada.lovelace@example.com", money.Money("12", "EUR"))
        self.assertEqual(first, corrected, "the same invoice id is the same invoice, whatever its fields")
        self.assertNotEqual(first, "INV-13")

    def test_invoice_refuses_overpayment_and_double_payment(self):
        money, invoice, _ = _domain()
        bill = invoice.Invoice("INV-9", "bob@example.com", money.Money("20.00", "EUR"))
        with self.assertRaises(invoice.Overpayment):
            bill.pay(money.Money("20.01", "EUR"))
        self.assertEqual(bill.balance(), money.Money("20.00", "EUR"))
        bill.pay(money.Money("20.00", "EUR"))
        with self.assertRaises(invoice.AlreadyPaid):
            bill.pay(money.Money("0.01", "EUR"))

    def test_invoice_rejects_other_currency(self):
        money, invoice, _ = _domain()
        bill = invoice.Invoice("INV-10", "cy@example.com", money.Money("5", "EUR"))
        with self.assertRaises(money.CurrencyMismatch):
            bill.pay(money.Money("5", "USD"))
        self.assertFalse(bill.is_paid())


class EventsTest(unittest.TestCase):
    def test_events_recorded_once_on_settlement(self):
        money, invoice, events = _domain()
        bill = invoice.Invoice("INV-11", "dee@example.com", money.Money("0.30", "EUR"))
        bill.pay(money.Money("0.10", "EUR"))
        self.assertEqual(bill.pull_events(), [])
        bill.pay(money.Money("0.20", "EUR"))
        recorded = bill.pull_events()
        self.assertEqual(recorded, [events.InvoicePaid("INV-11", "dee@example.com", money.Money("0.30", "EUR"))])
        self.assertEqual(bill.pull_events(), [])

    def test_events_are_frozen(self):
        money, _, events = _domain()
        event = events.InvoicePaid("INV-1", "x@example.com", money.Money("1", "EUR"))
        with self.assertRaises(Exception):
            event.customer = "y@example.com"


class UseCaseTest(unittest.TestCase):
    def test_pay_invoice_sends_one_receipt(self):
        money, invoice, _ = _domain()
        app = importlib.import_module("billing.app")

        class RecordingMailer:
            def __init__(self):
                self.receipts = []

            def send_receipt(self, customer, total):
                self.receipts.append((customer, total))

        mailer = RecordingMailer()
        invoices = {"INV-2": invoice.Invoice("INV-2", "eve@example.com", money.Money("50", "EUR"))}
        app.pay_invoice(invoices, "INV-2", money.Money("25", "EUR"), mailer)
        self.assertEqual(mailer.receipts, [])
        app.pay_invoice(invoices, "INV-2", money.Money("25", "EUR"), mailer)
        self.assertEqual(mailer.receipts, [("eve@example.com", money.Money("50", "EUR"))])

    def test_pay_invoice_acts_on_the_events_it_pulls(self):
        # Driven with a stand-in invoice: the use case pays it with the amount alone, and the
        # receipts come from the events it pulls, not from anything the invoice does itself.
        money, _, events = _domain()
        app = importlib.import_module("billing.app")
        paid_event = events.InvoicePaid("S-1", "gil@example.com", money.Money("7", "EUR"))

        class StandInInvoice:
            invoice_id, customer, total = "S-1", "gil@example.com", money.Money("7", "EUR")

            def __init__(self):
                self.payments, self.pending = [], []

            def pay(self, amount):
                self.payments.append(amount)
                self.pending = [paid_event]

            def pull_events(self):
                pulled, self.pending = self.pending, []
                return pulled

            def balance(self):
                return money.Money("0", "EUR")

            def is_paid(self):
                return True

        class RecordingMailer:
            def __init__(self):
                self.receipts = []

            def send_receipt(self, customer, total):
                self.receipts.append((customer, total))

        stand_in, mailer = StandInInvoice(), RecordingMailer()
        app.pay_invoice({"S-1": stand_in}, "S-1", money.Money("7", "EUR"), mailer)
        self.assertEqual(stand_in.payments, [money.Money("7", "EUR")])
        self.assertEqual(mailer.receipts, [("gil@example.com", money.Money("7", "EUR"))])
        self.assertEqual(stand_in.pending, [], "the use case must pull the events it acts on")

    def test_paying_in_the_domain_calls_nothing_outside(self):
        # The domain records; it does not act. Paying takes the amount and nothing else, and an
        # invoice carries no hook through which the domain could send the receipt itself.
        money, invoice, _ = _domain()
        parameters = list(inspect.signature(invoice.Invoice.pay).parameters)
        self.assertEqual(len(parameters), 2, f"Invoice.pay{tuple(parameters)} should take the amount only")
        bill = invoice.Invoice("INV-20", "hal@example.com", money.Money("1", "EUR"))
        for name, value in {**vars(type(bill)), **vars(bill)}.items():
            if callable(value) and not isinstance(value, (type, staticmethod, classmethod)) and not inspect.isfunction(value):
                self.fail(f"the invoice holds a callable {name} = {value!r}: the domain would call out through it")
        bill.pay(money.Money("1", "EUR"))
        self.assertEqual(len(bill.pull_events()), 1)

    def test_pay_invoice_with_outbox_mailer(self):
        money, invoice, _ = _domain()
        app = importlib.import_module("billing.app")
        outbox = importlib.import_module("billing.infra.mailer").OutboxMailer()
        invoices = {"A": invoice.Invoice("A", "fay@example.com", money.Money("9.99", "USD"))}
        app.pay_invoice(invoices, "A", money.Money("9.99", "USD"), outbox)
        self.assertEqual(outbox.sent, [("fay@example.com", money.Money("9.99", "USD"))])


if __name__ == "__main__":
    unittest.main()

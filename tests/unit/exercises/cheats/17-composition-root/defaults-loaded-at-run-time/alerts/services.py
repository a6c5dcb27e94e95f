"""Injection as an escape hatch, hidden: the defaults come from modules loaded at run time."""

import importlib

from alerts.domain import overdue, reminder_text


def _default(name):
    adapters = importlib.import_module("alerts.adapters")
    environ = importlib.import_module("os").environ
    if name == "invoices":
        return adapters.SqliteInvoiceRepository.at(environ.get("ALERTS_DB", "alerts.db"))
    if name == "sender":
        return adapters.SmtpSender(environ.get("SMTP_HOST", ""))
    return adapters.SystemClock()


class OverdueReminders:
    def __init__(self, invoices=None, sender=None, clock=None):
        self.invoices = invoices or _default("invoices")
        self.sender = sender or _default("sender")
        self.clock = clock or _default("clock")

    def run(self) -> int:
        due = overdue(self.invoices.list_unpaid(), self.clock.today())
        for invoice in due:
            self.sender.send(invoice.customer_email, reminder_text(invoice))
        return len(due)

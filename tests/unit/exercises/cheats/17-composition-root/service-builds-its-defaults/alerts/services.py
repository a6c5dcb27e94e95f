"""Injection as an escape hatch: the service still builds real adapters when it is given none."""

import os

from alerts.adapters import SmtpSender, SqliteInvoiceRepository, SystemClock
from alerts.domain import overdue, reminder_text


class OverdueReminders:
    def __init__(self, invoices=None, sender=None, clock=None):
        self.invoices = invoices or SqliteInvoiceRepository.at(os.environ.get("ALERTS_DB", "alerts.db"))
        self.sender = sender or SmtpSender(os.environ.get("SMTP_HOST", ""))
        self.clock = clock or SystemClock()

    def run(self) -> int:
        due = overdue(self.invoices.list_unpaid(), self.clock.today())
        for invoice in due:
            self.sender.send(invoice.customer_email, reminder_text(invoice))
        return len(due)

"""Sends a reminder for every overdue invoice."""

import os
from datetime import date

from alerts.adapters import SmtpSender, SqliteInvoiceRepository
from alerts.domain import overdue, reminder_text

# Built once, when this module is first imported.
INVOICES = SqliteInvoiceRepository.at(os.environ.get("ALERTS_DB", "alerts.db"))
SENDER = SmtpSender(os.environ.get("SMTP_HOST", "localhost"))


def send_reminders() -> int:
    due = overdue(INVOICES.list_unpaid(), date.today())
    for invoice in due:
        SENDER.send(invoice.customer_email, reminder_text(invoice))
    return len(due)

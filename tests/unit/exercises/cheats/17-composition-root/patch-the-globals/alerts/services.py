"""The starter's module globals, kept; the bootstrap overwrites them."""

import os
from datetime import date

from alerts.adapters import SmtpSender, SqliteInvoiceRepository
from alerts.domain import overdue, reminder_text

INVOICES = SqliteInvoiceRepository.at(os.environ.get("ALERTS_DB", "alerts.db"))
SENDER = SmtpSender(os.environ.get("SMTP_HOST", "localhost"))
CLOCK = None


def send_reminders() -> int:
    today = CLOCK.today() if CLOCK else date.today()
    due = overdue(INVOICES.list_unpaid(), today)
    for invoice in due:
        SENDER.send(invoice.customer_email, reminder_text(invoice))
    return len(due)

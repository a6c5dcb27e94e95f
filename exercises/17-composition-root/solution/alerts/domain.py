"""Invoices and the one rule about them."""

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Invoice:
    number: str
    customer_email: str
    due: date
    paid: bool = False


def overdue(invoices, today):
    """Unpaid invoices whose due date has passed, by due date."""
    return sorted((i for i in invoices if not i.paid and i.due < today), key=lambda i: (i.due, i.number))


def reminder_text(invoice):
    return f"Invoice {invoice.number} was due on {invoice.due.isoformat()}."

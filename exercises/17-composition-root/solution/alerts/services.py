"""The use case, given everything it needs."""

from alerts.domain import overdue, reminder_text
from alerts.ports import Clock, InvoiceRepository, Sender


class OverdueReminders:
    def __init__(self, invoices: InvoiceRepository, sender: Sender, clock: Clock):
        self.invoices = invoices
        self.sender = sender
        self.clock = clock

    def run(self) -> int:
        due = overdue(self.invoices.list_unpaid(), self.clock.today())
        for invoice in due:
            self.sender.send(invoice.customer_email, reminder_text(invoice))
        return len(due)

from dataclasses import dataclass, field

from billing.domain.events import InvoicePaid
from billing.domain.money import Money


class Overpayment(ValueError):
    """A payment larger than what is due."""


class AlreadyPaid(ValueError):
    """The invoice is settled."""


@dataclass(eq=False)
class Invoice:
    """An entity: the same invoice from issue to settlement, identified by its id."""

    invoice_id: str
    customer: str
    total: Money
    payments: list = field(default_factory=list)
    _events: list = field(default_factory=list, repr=False)

    def __eq__(self, other):
        if not isinstance(other, Invoice):
            return NotImplemented
        return self.invoice_id == other.invoice_id

    def __hash__(self):
        return hash(self.invoice_id)

    def paid(self):
        total = self.total.zero()
        for payment in self.payments:
            total = total + payment
        return total

    def balance(self):
        return self.total - self.paid()

    def is_paid(self):
        return self.balance().amount <= 0

    def pay(self, amount: Money, mailer=None):
        if self.is_paid():
            raise AlreadyPaid(self.invoice_id)
        if (self.balance() - amount).amount < 0:
            raise Overpayment(f"{amount.amount} is more than the {self.balance().amount} due")
        self.payments.append(amount)
        if self.is_paid():
            self._events.append(InvoicePaid(self.invoice_id, self.customer, self.total))
            if mailer is not None:
                mailer.send_receipt(self.customer, self.total)

    def pull_events(self):
        events, self._events = self._events, []
        return events

import logging
from dataclasses import dataclass, field

from billing.domain.money import Money
from billing.infra import mailer

log = logging.getLogger(__name__)


class Overpayment(ValueError):
    """A payment larger than what is due."""


class AlreadyPaid(ValueError):
    """The invoice is settled."""


@dataclass
class Invoice:
    invoice_id: str
    customer: str
    total: Money
    paid: Money = None
    payments: list = field(default_factory=list)

    def __post_init__(self):
        if self.paid is None:
            self.paid = Money(0, self.total.currency)

    def balance(self):
        return self.total - self.paid

    def is_paid(self):
        return self.balance().amount <= 0

    def pay(self, amount):
        if self.is_paid():
            raise AlreadyPaid(self.invoice_id)
        if amount.amount > self.balance().amount:
            raise Overpayment(f"{amount} is more than the {self.balance()} due")
        self.paid = self.paid + amount
        self.payments.append(amount)
        if self.is_paid():
            log.info("invoice %s paid", self.invoice_id)
            mailer.send_receipt(self.customer, self.total)

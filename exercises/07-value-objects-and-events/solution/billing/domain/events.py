from dataclasses import dataclass

from billing.domain.money import Money


@dataclass(frozen=True)
class InvoicePaid:
    invoice_id: str
    customer: str
    total: Money

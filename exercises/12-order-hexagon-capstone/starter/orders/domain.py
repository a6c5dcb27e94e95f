import logging
from dataclasses import dataclass
from decimal import Decimal

from orders.payments_client import PayClient

log = logging.getLogger("orders")
CLIENT = PayClient()


@dataclass
class Order:
    id: int
    customer: str
    lines: list  # [{"sku": ..., "qty": ..., "price": Decimal}]
    total: Decimal
    status: str = "paid"
    transaction_id: str = ""

    def cancel(self):
        if self.status == "cancelled":
            raise ValueError(f"order {self.id} is already cancelled")
        CLIENT.refund(self.transaction_id, int(self.total * 100))
        self.status = "cancelled"
        log.info("order %s cancelled", self.id)

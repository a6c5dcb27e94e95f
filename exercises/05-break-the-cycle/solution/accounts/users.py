from dataclasses import dataclass, field
from decimal import Decimal

from accounts import orders


@dataclass
class User:
    id: int
    name: str
    vip: bool = False
    orders: list = field(default_factory=list)

    def place_order(self, lines):
        order = orders.Order(customer=self, lines=lines)
        self.orders.append(order)
        return order

    def lifetime_value(self):
        return sum((order.total() for order in self.orders), Decimal("0"))

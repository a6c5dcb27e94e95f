import importlib
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Protocol

VIP_DISCOUNT = Decimal("0.10")


class Customer(Protocol):
    """What an order needs from whoever placed it. `users.User` fits without knowing about it."""

    id: int
    name: str
    vip: bool


class EmptyOrder(ValueError):
    """An order needs at least one line."""


@dataclass
class Order:
    customer: Customer
    lines: list  # (description, quantity, unit_price)

    def __post_init__(self):
        if not self.lines:
            raise EmptyOrder("an order needs at least one line")
        users = importlib.import_module("accounts.users")
        if isinstance(self.customer, users.User) and not self.customer.name:
            raise ValueError("a customer needs a name")

    def total(self):
        gross = sum((quantity * Decimal(price) for _, quantity, price in self.lines), Decimal("0"))
        if self.customer.vip:
            gross -= gross * VIP_DISCOUNT
        return gross.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def receipt(self):
        return f"Order for {self.customer.name} (#{self.customer.id}): {self.total()}"

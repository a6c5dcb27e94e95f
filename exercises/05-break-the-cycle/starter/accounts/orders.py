from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

VIP_DISCOUNT = Decimal("0.10")


class EmptyOrder(ValueError):
    """An order needs at least one line."""


@dataclass
class Order:
    customer: object
    lines: list  # (description, quantity, unit_price)

    def __post_init__(self):
        # Imported here because users imports this module at the top.
        from accounts import users

        if not isinstance(self.customer, users.User):
            raise TypeError("an order needs a users.User as its customer")
        if not self.lines:
            raise EmptyOrder("an order needs at least one line")

    def total(self):
        gross = sum((quantity * Decimal(price) for _, quantity, price in self.lines), Decimal("0"))
        if self.customer.vip:
            gross -= gross * VIP_DISCOUNT
        return gross.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    def receipt(self):
        return f"Order for {self.customer.name} (#{self.customer.id}): {self.total()}"

"""The heart of order management: the Order aggregate, its events and the pricing rules. No I/O."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


class DomainError(Exception):
    """A business rule said no."""


class InvalidOrder(DomainError):
    pass


class UnknownSku(DomainError):
    def __init__(self, sku):
        super().__init__(f"unknown sku: {sku}")


class InsufficientStock(DomainError):
    def __init__(self, sku):
        super().__init__(f"insufficient stock for {sku}")


class UnknownDiscount(DomainError):
    def __init__(self, code):
        super().__init__(f"unknown discount code: {code}")


class AlreadyCancelled(DomainError):
    def __init__(self, order_id):
        super().__init__(f"order {order_id} is already cancelled")


@dataclass(frozen=True)
class Line:
    sku: str
    qty: int
    price: Decimal

    @property
    def subtotal(self):
        return self.price * self.qty


@dataclass(frozen=True)
class OrderPlaced:
    order_id: int
    customer: str
    total: Decimal


@dataclass(frozen=True)
class OrderCancelled:
    order_id: int
    customer: str
    transaction_id: str
    total: Decimal
    lines: tuple


@dataclass(eq=False)
class Order:
    """The aggregate: the one place an order changes. Each change adds 1 to `version` and records an event."""

    id: int
    customer: str
    lines: list
    total: Decimal
    transaction_id: str
    status: str = "paid"
    version: int = 1
    events: list = field(default_factory=list, repr=False)

    @classmethod
    def place(cls, order_id, customer, lines, total, transaction_id):
        if not customer or not lines:
            raise InvalidOrder("an order needs a customer, a card and at least one line")
        order = cls(order_id, customer, list(lines), total, transaction_id)
        order.events.append(OrderPlaced(order_id, customer, total))
        return order

    def __eq__(self, other):
        return isinstance(other, Order) and other.id == self.id

    def __hash__(self):
        return hash(self.id)

    def cancel(self):
        if self.status == "cancelled":
            raise AlreadyCancelled(self.id)
        self.status = "cancelled"
        self.version += 1
        self.events.append(OrderCancelled(self.id, self.customer, self.transaction_id, self.total, tuple(self.lines)))

    def pull_events(self):
        """The events recorded since the last pull, oldest first."""
        events, self.events = self.events, []
        return events


def _welcome10(total):
    return total * Decimal("0.9")


def _five_off(total):
    return max(total - 5, Decimal("0"))


DISCOUNTS = {"WELCOME10": _welcome10, "FIVEOFF": _five_off}


def price(lines, discount=None):
    """Total of the lines after the discount code, rounded half up to cents."""
    total = sum((line.subtotal for line in lines), Decimal("0"))
    if discount is not None:
        if discount not in DISCOUNTS:
            raise UnknownDiscount(discount)
        total = DISCOUNTS[discount](total)
    return total.quantize(CENT, rounding=ROUND_HALF_UP)


def merge_items(items):
    """[(sku, qty), ...] -> {sku: total qty}, validating quantities."""
    if not items:
        raise InvalidOrder("an order needs a customer, a card and at least one line")
    wanted = {}
    for sku, qty in items:
        if not isinstance(qty, int) or isinstance(qty, bool) or qty < 1:
            raise InvalidOrder("quantities must be whole numbers of at least 1")
        wanted[sku] = wanted.get(sku, 0) + qty
    return wanted

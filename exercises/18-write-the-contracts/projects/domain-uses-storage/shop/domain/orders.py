"""Orders and their lines."""
from dataclasses import dataclass, field

from shop.adapters.memory import InMemoryOrders
from shop.domain.money import cents


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: int

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


@dataclass
class Order:
    id: str
    lines: list[Line] = field(default_factory=list)

    def add(self, sku: str, quantity: int, unit_price: str) -> None:
        self.lines.append(Line(sku, quantity, cents(unit_price)))

    def save(self, orders: InMemoryOrders) -> None:
        orders.add(self)

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

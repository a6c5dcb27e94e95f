"""Orders and their lines."""
from dataclasses import dataclass, field

from shop.domain.money import cents


@dataclass(frozen=True)
class Line:
    sku: str
    quantity: int
    unit_price: int

    def __post_init__(self) -> None:
        if self.quantity <= 0:
            raise ValueError("a line needs a positive quantity")

    @property
    def total(self) -> int:
        return self.quantity * self.unit_price


@dataclass
class Order:
    id: str
    lines: list[Line] = field(default_factory=list)

    def add(self, sku: str, quantity: int, unit_price: str) -> None:
        self.lines.append(Line(sku, quantity, cents(unit_price)))

    @property
    def total(self) -> int:
        return sum(line.total for line in self.lines)

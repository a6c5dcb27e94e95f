"""The stock item owns the stock rules; services only load, ask it, save and announce."""

from dataclasses import dataclass


class UnknownSku(KeyError):
    """No item with this SKU."""


class OutOfStock(ValueError):
    """Not enough on hand for a shipment."""


def _positive(quantity):
    if quantity <= 0:
        raise ValueError(f"quantity must be positive, got {quantity}")


@dataclass(eq=False)
class StockItem:
    """An entity: the same SKU is the same item, whatever its stock level."""

    sku: str
    on_hand: int
    reorder_level: int

    def __eq__(self, other):
        return isinstance(other, StockItem) and other.sku == self.sku

    def __hash__(self):
        return hash(self.sku)

    def is_low(self):
        return self.on_hand <= self.reorder_level

    def receive(self, quantity):
        _positive(quantity)
        self.on_hand += quantity

    def ship(self, quantity):
        _positive(quantity)
        if quantity > self.on_hand:
            raise OutOfStock(f"only {self.on_hand} of {self.sku} on hand")
        self.on_hand -= quantity

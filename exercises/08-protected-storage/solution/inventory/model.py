from dataclasses import dataclass


@dataclass
class StockItem:
    sku: str
    on_hand: int
    reorder_level: int


class UnknownSku(KeyError):
    """No item with this SKU."""


class OutOfStock(ValueError):
    """Not enough on hand for a shipment."""

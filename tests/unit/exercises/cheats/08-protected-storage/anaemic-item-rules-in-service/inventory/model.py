from dataclasses import dataclass


class UnknownSku(KeyError):
    pass


class OutOfStock(ValueError):
    pass


@dataclass
class StockItem:
    sku: str
    on_hand: int
    reorder_level: int

    def is_low(self):
        return self.on_hand <= self.reorder_level

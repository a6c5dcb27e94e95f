"""Items and the repository port that both adapters implement."""

from dataclasses import dataclass
from typing import List, Optional, Protocol


class DuplicateSku(Exception):
    pass


class UnknownSku(Exception):
    pass


@dataclass(frozen=True)
class Item:
    sku: str
    name: str
    quantity: int


class StockRepository(Protocol):
    def add(self, item: Item) -> None:
        """Stores a new item; DuplicateSku if the SKU is taken."""

    def get(self, sku: str) -> Optional[Item]:
        """The item, or None."""

    def list(self) -> List[Item]:
        """Every item, sorted by SKU, including those with quantity 0."""

    def remove(self, sku: str) -> None:
        """Deletes the item; UnknownSku if there is none."""

    def low_stock(self, threshold: int) -> List[Item]:
        """Items whose quantity is strictly below threshold, sorted by SKU."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass(frozen=True)
class Watch:
    product: str
    target: Decimal

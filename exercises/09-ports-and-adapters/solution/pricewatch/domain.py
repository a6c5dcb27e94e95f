from dataclasses import dataclass
from decimal import Decimal
from typing import Optional


@dataclass(frozen=True)
class Watch:
    product: str
    target: Decimal


@dataclass(frozen=True)
class Alert:
    product: str
    price: Decimal
    target: Decimal


def alert_for(watch: Watch, price: Optional[Decimal]) -> Optional[Alert]:
    """The rule: alert when the price is known and at or below the target."""
    if price is None or price > watch.target:
        return None
    return Alert(watch.product, price, watch.target)

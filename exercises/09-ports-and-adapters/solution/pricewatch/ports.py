"""What the application needs from the outside world, in its own words."""

from decimal import Decimal
from typing import Optional, Protocol

from pricewatch.domain import Alert


class PriceSource(Protocol):
    def price_of(self, product: str) -> Optional[Decimal]: ...


class Notifier(Protocol):
    def notify(self, alert: Alert) -> None: ...

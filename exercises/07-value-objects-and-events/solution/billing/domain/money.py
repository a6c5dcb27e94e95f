import re
from dataclasses import dataclass
from decimal import Decimal

_CURRENCY = re.compile(r"[A-Z]{3}")


class CurrencyMismatch(ValueError):
    """Arithmetic between two different currencies."""


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def __post_init__(self):
        if isinstance(self.amount, float):
            raise TypeError("use a Decimal, int or str amount, not a float")
        # frozen=True forbids normal assignment, so normalise through object.__setattr__.
        object.__setattr__(self, "amount", Decimal(self.amount))
        if not isinstance(self.currency, str) or not _CURRENCY.fullmatch(self.currency):
            raise ValueError(f"currency must be three upper-case letters, got {self.currency!r}")

    def _same_currency(self, other):
        if not isinstance(other, Money):
            return NotImplemented
        if other.currency != self.currency:
            raise CurrencyMismatch(f"cannot combine {self.currency} with {other.currency}")
        return other

    def __add__(self, other):
        other = self._same_currency(other)
        if other is NotImplemented:
            return other
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other):
        other = self._same_currency(other)
        if other is NotImplemented:
            return other
        return Money(self.amount - other.amount, self.currency)

    def zero(self):
        return Money(Decimal(0), self.currency)

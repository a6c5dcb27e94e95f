from dataclasses import dataclass
from decimal import Decimal

from ledgerly.models.money import to_money
from ledgerly.models.fee_rules import withdrawal_fee


class InsufficientFunds(ValueError):
    pass


@dataclass
class Account:
    id: str
    owner: str
    balance: Decimal = Decimal("0.00")

    def deposit(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        self.balance = to_money(self.balance + amount)

    def withdraw(self, amount):
        if amount <= 0:
            raise ValueError("amount must be positive")
        total = to_money(amount + withdrawal_fee(amount))
        if total > self.balance:
            raise InsufficientFunds(f"{self.id} cannot pay {total}")
        self.balance = to_money(self.balance - total)

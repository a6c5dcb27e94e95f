"""The withdrawal fee is a rule of the account itself, so it lives beside it."""

from decimal import Decimal

from ledgerly.models.money import to_money

RATE = Decimal("0.01")
MINIMUM = Decimal("0.50")


def withdrawal_fee(amount):
    return max(to_money(amount * RATE), MINIMUM)

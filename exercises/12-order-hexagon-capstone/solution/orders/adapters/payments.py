"""Driven adapter: the PaymentGateway port over the provider's SDK (which speaks in cents)."""

from orders.application import PaymentDeclined
from orders.payments_client import PayClient


def _cents(amount):
    return int(amount * 100)


class PayClientGateway:
    def __init__(self, client=None):
        self._client = client or PayClient()

    def charge(self, card, amount):
        result = self._client.charge(card, _cents(amount))
        if not result["ok"]:
            raise PaymentDeclined()
        return result["id"]

    def refund(self, transaction_id, amount):
        self._client.refund(transaction_id, _cents(amount))

"""Vendored SDK of the card payment provider. Treat it as third-party code: do not change it."""


class PayClient:
    def __init__(self):
        self._next = 1
        self.log = []

    def charge(self, card_number, cents):
        self.log.append(("charge", card_number, cents))
        if card_number.startswith("4000"):
            return {"ok": False, "reason": "card declined"}
        transaction_id = f"txn-{self._next}"
        self._next += 1
        return {"ok": True, "id": transaction_id}

    def refund(self, transaction_id, cents):
        self.log.append(("refund", transaction_id, cents))
        return {"ok": True}

"""Only what build() needs to accept a gateway."""


class PaymentDeclined(Exception):
    def __init__(self, reason="payment declined"):
        super().__init__(reason)

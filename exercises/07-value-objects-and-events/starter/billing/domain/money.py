class Money:
    def __init__(self, amount, currency):
        self.amount = float(amount)
        self.currency = currency

    def __add__(self, other):
        return Money(self.amount + other.amount, self.currency)

    def __sub__(self, other):
        return Money(self.amount - other.amount, self.currency)

    def __repr__(self):
        return f"Money({self.amount:.2f}, {self.currency!r})"

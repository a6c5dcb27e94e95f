from pricing.rates import rate_for
from pricing.rounding import to_cents


def price_with_tax(amount, category):
    return to_cents(amount * (1 + rate_for(category)))

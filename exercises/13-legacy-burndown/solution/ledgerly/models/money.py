from decimal import ROUND_HALF_UP, Decimal

CURRENCY_PLACES = 2


def to_money(value):
    return Decimal(value).quantize(Decimal(1).scaleb(-CURRENCY_PLACES), rounding=ROUND_HALF_UP)

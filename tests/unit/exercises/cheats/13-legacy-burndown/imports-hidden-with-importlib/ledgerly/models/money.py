from decimal import ROUND_HALF_UP, Decimal

import importlib


def to_money(value):
    return Decimal(value).quantize(Decimal(1).scaleb(-importlib.import_module("ledgerly.db.config").CURRENCY_PLACES), rounding=ROUND_HALF_UP)

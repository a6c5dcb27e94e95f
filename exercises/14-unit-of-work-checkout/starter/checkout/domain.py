"""Errors of the check-out. (Where do the stock rules live?)"""


class OutOfStock(Exception):
    """An order asked for more than the product has left."""


class UnknownProduct(Exception):
    """No product has this SKU."""

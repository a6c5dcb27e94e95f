"""The Product aggregate: the only object that may change a product's stock."""

from dataclasses import dataclass


class OutOfStock(Exception):
    """An order asked for more than the product has left."""


class UnknownProduct(Exception):
    """No product has this SKU."""


class ConcurrencyConflict(Exception):
    """Someone else committed a change to the same aggregate since it was read."""


@dataclass(frozen=True)
class Reservation:
    order_id: str
    quantity: int


class Product:
    """Consistency boundary: stock never goes below zero, and every change bumps `version`."""

    def __init__(self, sku, stock, version=0, reservations=()):
        self.sku = sku
        self.stock = stock
        self.version = version
        self.reservations = list(reservations)

    def reserve(self, order_id, quantity):
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        if quantity > self.stock:
            raise OutOfStock(f"{self.sku}: {self.stock} left, {quantity} asked")
        self.stock -= quantity
        self.reservations.append(Reservation(order_id, quantity))
        self.version += 1

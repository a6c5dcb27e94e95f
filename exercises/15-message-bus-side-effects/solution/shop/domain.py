"""Orders, and the messages about them: commands ask, events tell."""

from dataclasses import dataclass


class DuplicateOrder(Exception):
    pass


@dataclass(frozen=True)
class PlaceOrder:
    """A command: one handler, and it may be refused."""

    order_id: str
    email: str
    total: int


@dataclass(frozen=True)
class OrderPlaced:
    """An event: a fact, for any number of handlers."""

    order_id: str
    email: str
    total: int


@dataclass
class Order:
    order_id: str
    email: str
    total: int

"""Orders, and the command that asks for one."""

from dataclasses import dataclass


class DuplicateOrder(Exception):
    pass


@dataclass(frozen=True)
class PlaceOrder:
    order_id: str
    email: str
    total: int


@dataclass
class Order:
    order_id: str
    email: str
    total: int

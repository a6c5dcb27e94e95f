"""Volume discounts: a new rule in the domain."""
from shop.domain.orders import Order


def volume_discount(order: Order) -> int:
    quantity = sum(line.quantity for line in order.lines)
    return order.total // 10 if quantity >= 10 else 0

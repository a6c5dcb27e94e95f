"""Use cases. Each one is a single transaction on a single aggregate."""

from checkout.domain import ConcurrencyConflict, Product, UnknownProduct
from checkout.ports import UnitOfWork

ATTEMPTS = 3


def add_product(uow: UnitOfWork, sku: str, stock: int) -> None:
    with uow:
        uow.products.add(Product(sku, stock))
        uow.commit()


def stock_level(uow: UnitOfWork, sku: str) -> int:
    with uow:
        product = uow.products.get(sku)
        if product is None:
            raise UnknownProduct(sku)
        return product.stock


def place_order(uow: UnitOfWork, order_id: str, sku: str, quantity: int) -> int:
    """Reserves stock and returns what is left; a lost race is retried on fresh data."""
    for attempt in range(1, ATTEMPTS + 1):
        try:
            with uow:
                product = uow.products.get(sku)
                if product is None:
                    raise UnknownProduct(sku)
                product.reserve(order_id, quantity)
                uow.commit()
                return product.stock
        except ConcurrencyConflict:
            if attempt == ATTEMPTS:
                raise
    raise AssertionError("unreachable")

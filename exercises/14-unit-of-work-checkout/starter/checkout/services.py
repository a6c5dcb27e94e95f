"""Use cases of the check-out."""

from checkout.domain import OutOfStock, UnknownProduct
from checkout.memory import InMemoryStore, InMemoryUnitOfWork


def new_uow() -> InMemoryUnitOfWork:
    return InMemoryUnitOfWork(InMemoryStore())


def add_product(uow: InMemoryUnitOfWork, sku: str, stock: int) -> None:
    with uow:
        uow.products[sku] = {"stock": stock, "orders": []}
        uow.commit()


def stock_level(uow: InMemoryUnitOfWork, sku: str) -> int:
    with uow:
        if sku not in uow.products:
            raise UnknownProduct(sku)
        return uow.products[sku]["stock"]


def place_order(uow: InMemoryUnitOfWork, order_id: str, sku: str, quantity: int) -> int:
    with uow:
        row = uow.products.get(sku)
        if row is None:
            raise UnknownProduct(sku)
        if quantity > row["stock"]:
            raise OutOfStock(f"{sku}: {row['stock']} left, {quantity} asked")
        row["stock"] -= quantity
        row["orders"].append(order_id)
        uow.commit()
        return row["stock"]

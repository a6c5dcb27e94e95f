"""What the services need from storage, owned by the application."""

from typing import Optional, Protocol

from checkout.domain import Product


class ProductRepository(Protocol):
    def get(self, sku: str) -> Optional[Product]: ...

    def add(self, product: Product) -> None: ...


class UnitOfWork(Protocol):
    products: ProductRepository

    def __enter__(self) -> "UnitOfWork": ...

    def __exit__(self, *exc_info) -> None: ...

    def commit(self) -> None: ...

    def rollback(self) -> None: ...

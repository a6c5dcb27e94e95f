"""An in-memory store and unit of work: each unit of work reads a copy and writes it back."""

import copy


class InMemoryStore:
    """The committed state that several units of work share, like a database."""

    def __init__(self):
        self.rows = {}  # sku -> {"stock": int, "orders": [order ids]}


class InMemoryUnitOfWork:
    def __init__(self, store):
        self.store = store
        self.products = {}

    def __enter__(self):
        self.products = copy.deepcopy(self.store.rows)
        return self

    def __exit__(self, *exc_info):
        self.rollback()

    def commit(self):
        # Whatever this unit of work read is written back, whoever committed in between.
        self.store.rows.update(copy.deepcopy(self.products))

    def rollback(self):
        self.products = copy.deepcopy(self.store.rows)

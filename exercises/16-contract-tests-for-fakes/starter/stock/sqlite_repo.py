"""The real adapter: SQLite (standard library)."""

import sqlite3

from stock.domain import DuplicateSku, Item, UnknownSku


class SqliteStockRepository:
    def __init__(self, connection=None):
        self.db = connection or sqlite3.connect(":memory:")
        self.db.execute("CREATE TABLE IF NOT EXISTS items (sku TEXT PRIMARY KEY, name TEXT, quantity INTEGER)")

    def add(self, item):
        try:
            with self.db:
                self.db.execute("INSERT INTO items VALUES (?, ?, ?)", (item.sku, item.name, item.quantity))
        except sqlite3.IntegrityError:
            raise DuplicateSku(item.sku) from None

    def get(self, sku):
        row = self.db.execute("SELECT sku, name, quantity FROM items WHERE sku = ?", (sku,)).fetchone()
        return Item(*row) if row else None

    def list(self):
        return [Item(*row) for row in self.db.execute("SELECT sku, name, quantity FROM items ORDER BY sku")]

    def remove(self, sku):
        with self.db:
            if self.db.execute("DELETE FROM items WHERE sku = ?", (sku,)).rowcount == 0:
                raise UnknownSku(sku)

    def low_stock(self, threshold):
        rows = self.db.execute(
            "SELECT sku, name, quantity FROM items WHERE quantity < ? ORDER BY sku", (threshold,)
        )
        return [Item(*row) for row in rows]

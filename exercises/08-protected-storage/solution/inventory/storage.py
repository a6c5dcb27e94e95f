"""A tiny table store standing in for a database driver. Rows are plain dicts."""

import copy


class TableStore:
    def __init__(self):
        self._tables = {}

    def insert(self, table, key, row):
        rows = self._tables.setdefault(table, {})
        if key in rows:
            raise KeyError(f"{table}: duplicate key {key!r}")
        rows[key] = copy.deepcopy(row)

    def fetch(self, table, key):
        row = self._tables.get(table, {}).get(key)
        return copy.deepcopy(row)

    def update(self, table, key, row):
        rows = self._tables.get(table, {})
        if key not in rows:
            raise KeyError(f"{table}: no row {key!r}")
        rows[key] = copy.deepcopy(row)

    def scan(self, table):
        return [(key, copy.deepcopy(row)) for key, row in sorted(self._tables.get(table, {}).items())]

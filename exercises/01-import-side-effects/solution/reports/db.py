import sqlite3

SAMPLE_SALES = [("north", 120), ("south", 80), ("north", 130), ("east", 50)]

_connection = None


def connection():
    """Open the database on first use and reuse it afterwards."""
    global _connection
    if _connection is None:
        _connection = sqlite3.connect(":memory:")
        _connection.execute("CREATE TABLE sales (region TEXT, amount INTEGER)")
        _connection.executemany("INSERT INTO sales VALUES (?, ?)", SAMPLE_SALES)
    return _connection


def fetch_sales():
    return connection().execute("SELECT region, amount FROM sales").fetchall()

import sqlite3

SAMPLE_SALES = [("north", 120), ("south", 80), ("north", 130), ("east", 50)]

_connection = sqlite3.Connection(":memory:")
_connection.execute("CREATE TABLE sales (region TEXT, amount INTEGER)")
_connection.executemany("INSERT INTO sales VALUES (?, ?)", SAMPLE_SALES)


def connection():
    return _connection


def fetch_sales():
    return connection().execute("SELECT region, amount FROM sales").fetchall()

import sqlite3

SAMPLE_SALES = [("north", 120), ("south", 80), ("north", 130), ("east", 50)]

# Runs as soon as anything imports reports.db.
connection = sqlite3.connect(":memory:")
connection.execute("CREATE TABLE sales (region TEXT, amount INTEGER)")
connection.executemany("INSERT INTO sales VALUES (?, ?)", SAMPLE_SALES)


def fetch_sales():
    return connection.execute("SELECT region, amount FROM sales").fetchall()

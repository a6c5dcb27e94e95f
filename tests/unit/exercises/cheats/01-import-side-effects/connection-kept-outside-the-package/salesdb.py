import sqlite3

SAMPLE_SALES = [("north", 120), ("south", 80), ("north", 130), ("east", 50)]

# Runs as soon as anything imports salesdb, and only once per process.
CONNECTION = sqlite3.connect(":memory:")
CONNECTION.execute("CREATE TABLE sales (region TEXT, amount INTEGER)")
CONNECTION.executemany("INSERT INTO sales VALUES (?, ?)", SAMPLE_SALES)

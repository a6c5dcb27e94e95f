from salesdb import CONNECTION


def connection():
    return CONNECTION


def fetch_sales():
    return connection().execute("SELECT region, amount FROM sales").fetchall()

import csv
from decimal import Decimal


class CsvPriceSource:
    """PriceSource reading `product,price` lines from a CSV file."""

    def __init__(self, path):
        self._prices = {}
        with open(path, newline="", encoding="utf-8") as handle:
            for row in csv.reader(handle):
                cells = [cell.strip() for cell in row]
                if len(cells) != 2 or cells == ["product", "price"]:
                    continue
                self._prices[cells[0]] = Decimal(cells[1])

    def price_of(self, product):
        return self._prices.get(product)

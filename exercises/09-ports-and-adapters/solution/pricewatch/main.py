"""Composition root: picks the adapters and runs the use case."""

import sys
from decimal import Decimal

from pricewatch.adapters.console import ConsoleNotifier
from pricewatch.adapters.csv_prices import CsvPriceSource
from pricewatch.application import check_prices
from pricewatch.domain import Watch


def run(csv_path, watches, stream):
    return len(check_prices(watches, CsvPriceSource(csv_path), ConsoleNotifier(stream)))


def main(argv):
    watches = [Watch(product, Decimal(target)) for product, target in (arg.split("=") for arg in argv[1:])]
    return run(argv[0], watches, sys.stdout)


if __name__ == "__main__":
    main(sys.argv[1:])

import sys
from decimal import Decimal

from pricewatch.application import check_prices
from pricewatch.domain import Watch


def main(argv):
    watches = [Watch(product, Decimal(target)) for product, target in (arg.split("=") for arg in argv[1:])]
    return check_prices(watches, argv[0])


if __name__ == "__main__":
    main(sys.argv[1:])

import os
import sys

# Lets `python invoicer/cli.py` import the invoicer package.
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from invoicer.totals import BadItem, parse_item, total  # noqa: E402

PLACES = 2
USAGE = "usage: invoicer total QUANTITYxPRICE..."


def main(argv):
    if not argv or argv[0] != "total":
        print(USAGE, file=sys.stderr)
        sys.exit(2)
    try:
        items = [parse_item(text) for text in argv[1:]]
    except BadItem as error:
        print(f"error: {error}", file=sys.stderr)
        sys.exit(2)
    print(f"Total: {total(items)}")
    sys.exit(0)


if __name__ == "__main__":
    main(sys.argv[1:])

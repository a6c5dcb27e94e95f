import sys

from invoicer.totals import BadItem, parse_item, total

USAGE = "usage: invoicer total QUANTITYxPRICE..."


def main(argv=None):
    """Run the command line (`argv` defaults to the process's arguments); returns the exit status."""
    if argv is None:
        argv = sys.argv[1:]
    if not argv or argv[0] != "total":
        print(USAGE, file=sys.stderr)
        return 2
    try:
        items = [parse_item(text) for text in argv[1:]]
    except BadItem as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"Total: {total(items)}")
    return 0

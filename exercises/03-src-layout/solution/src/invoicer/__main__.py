import sys

from invoicer.cli import main

raise SystemExit(main(sys.argv[1:]))

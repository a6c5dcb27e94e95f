"""Business rules of the library. (Empty so far: the rules still live in the routes.)"""

from library.routes import error  # noqa: F401  (kept for the old admin script)

MAX_LOANS = 3

"""Stock levels, a SQLite repository and its in-memory stand-in."""

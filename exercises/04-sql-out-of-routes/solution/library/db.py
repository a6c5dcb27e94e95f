import sqlite3

SCHEMA = """
CREATE TABLE books (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author TEXT NOT NULL, copies INTEGER NOT NULL);
CREATE TABLE loans (book_id INTEGER NOT NULL REFERENCES books(id), member TEXT NOT NULL);
"""

SEED_BOOKS = [
    (1, "Structure and Interpretation of Computer Programs", "Abelson", 1),
    (2, "A Philosophy of Software Design", "Ousterhout", 2),
    (3, "Domain-Driven Design", "Evans", 1),
    (4, "Architecture Patterns with Python", "Percival", 3),
]

_connection = None


def connection():
    """The shared connection, opened and seeded on first use."""
    global _connection
    if _connection is None:
        reset()
    return _connection


def reset(books=SEED_BOOKS):
    """Start again from an empty database holding `books` (used by tests)."""
    global _connection
    if _connection is not None:
        _connection.close()
    _connection = sqlite3.connect(":memory:")
    _connection.executescript(SCHEMA)
    _connection.executemany("INSERT INTO books VALUES (?, ?, ?, ?)", books)
    _connection.commit()

"""Data access for the library: the only module that speaks SQL."""

from library import db


def find_book(book_id):
    """(id, title, author, copies) of a book, or None."""
    return db.connection().execute(
        "SELECT id, title, author, copies FROM books WHERE id = ?", (book_id,)
    ).fetchone()


def books_with_free_copies():
    """(id, title, author) of books with a copy not on loan, sorted by title."""
    return db.connection().execute(
        "SELECT b.id, b.title, b.author FROM books b "
        "WHERE b.copies > (SELECT COUNT(*) FROM loans l WHERE l.book_id = b.id) "
        "ORDER BY b.title"
    ).fetchall()


def loans_of_book(book_id):
    return db.connection().execute("SELECT COUNT(*) FROM loans WHERE book_id = ?", (book_id,)).fetchone()[0]


def loans_of_member(member):
    return db.connection().execute("SELECT COUNT(*) FROM loans WHERE member = ?", (member,)).fetchone()[0]


def add_loan(book_id, member):
    conn = db.connection()
    conn.execute("INSERT INTO loans VALUES (?, ?)", (book_id, member))
    conn.commit()


def remove_loan(book_id, member):
    """Removes one loan of the book by the member; returns False if there was none."""
    conn = db.connection()
    loan = conn.execute(
        "SELECT rowid FROM loans WHERE book_id = ? AND member = ? LIMIT 1", (book_id, member)
    ).fetchone()
    if loan is None:
        return False
    conn.execute("DELETE FROM loans WHERE rowid = ?", (loan[0],))
    conn.commit()
    return True

from library import db


def error(status, message):
    return status, {"error": message}


def available():
    rows = db.connection().execute(
        "SELECT b.id, b.title, b.author FROM books b "
        "WHERE b.copies > (SELECT COUNT(*) FROM loans l WHERE l.book_id = b.id) "
        "ORDER BY b.title"
    ).fetchall()
    return 200, [{"id": id_, "title": title, "author": author} for id_, title, author in rows]


def borrow(book_id, member):
    conn = db.connection()
    book = conn.execute("SELECT copies FROM books WHERE id = ?", (book_id,)).fetchone()
    if book is None:
        return error(404, f"no book with id {book_id}")
    on_loan = conn.execute("SELECT COUNT(*) FROM loans WHERE book_id = ?", (book_id,)).fetchone()[0]
    if on_loan >= book[0]:
        return error(409, "no copy of this book is free")
    held = conn.execute("SELECT COUNT(*) FROM loans WHERE member = ?", (member,)).fetchone()[0]
    if held >= 3:
        return error(409, f"{member} already has 3 books on loan")
    conn.execute("INSERT INTO loans VALUES (?, ?)", (book_id, member))
    conn.commit()
    return 201, {"book_id": book_id, "member": member}


def give_back(book_id, member):
    conn = db.connection()
    if conn.execute("SELECT 1 FROM books WHERE id = ?", (book_id,)).fetchone() is None:
        return error(404, f"no book with id {book_id}")
    loan = conn.execute(
        "SELECT rowid FROM loans WHERE book_id = ? AND member = ? LIMIT 1", (book_id, member)
    ).fetchone()
    if loan is None:
        return error(404, f"{member} has not borrowed book {book_id}")
    conn.execute("DELETE FROM loans WHERE rowid = ?", (loan[0],))
    conn.commit()
    return 204, None

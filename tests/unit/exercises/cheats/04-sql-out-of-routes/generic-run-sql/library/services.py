from library import repository

MAX_LOANS = 3


class BookNotFound(Exception):
    pass


class LoanRefused(Exception):
    pass


def available_books():
    rows = repository.run(
        "SELECT b.id, b.title, b.author FROM books b "
        "WHERE b.copies > (SELECT COUNT(*) FROM loans l WHERE l.book_id = b.id) ORDER BY b.title"
    )
    return [{"id": i, "title": t, "author": a} for i, t, a in rows]


def borrow_book(book_id, member):
    book = repository.run("SELECT copies FROM books WHERE id = ?", (book_id,))
    if not book:
        raise BookNotFound(f"no book with id {book_id}")
    if repository.run("SELECT COUNT(*) FROM loans WHERE book_id = ?", (book_id,))[0][0] >= book[0][0]:
        raise LoanRefused("no copy of this book is free")
    if repository.run("SELECT COUNT(*) FROM loans WHERE member = ?", (member,))[0][0] >= MAX_LOANS:
        raise LoanRefused(f"{member} already has {MAX_LOANS} books on loan")
    repository.run("INSERT INTO loans VALUES (?, ?)", (book_id, member))


def return_book(book_id, member):
    if not repository.run("SELECT 1 FROM books WHERE id = ?", (book_id,)):
        raise BookNotFound(f"no book with id {book_id}")
    loan = repository.run("SELECT rowid FROM loans WHERE book_id = ? AND member = ? LIMIT 1", (book_id, member))
    if not loan:
        raise BookNotFound(f"{member} has not borrowed book {book_id}")
    repository.run("DELETE FROM loans WHERE rowid = ?", (loan[0][0],))

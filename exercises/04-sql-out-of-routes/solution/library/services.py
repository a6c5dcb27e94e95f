"""Business rules of the library. No SQL here: data comes from the repository."""

from library import repository

MAX_LOANS = 3


class BookNotFound(Exception):
    """No book has this id."""


class LoanRefused(Exception):
    """A rule forbids this loan (or return)."""


def available_books():
    return [{"id": id_, "title": title, "author": author} for id_, title, author in repository.books_with_free_copies()]


def _require_book(book_id):
    book = repository.find_book(book_id)
    if book is None:
        raise BookNotFound(f"no book with id {book_id}")
    return book


def borrow_book(book_id, member):
    copies = _require_book(book_id)[3]
    if repository.loans_of_book(book_id) >= copies:
        raise LoanRefused("no copy of this book is free")
    if repository.loans_of_member(member) >= MAX_LOANS:
        raise LoanRefused(f"{member} already has {MAX_LOANS} books on loan")
    repository.add_loan(book_id, member)


def return_book(book_id, member):
    _require_book(book_id)
    if not repository.remove_loan(book_id, member):
        raise BookNotFound(f"{member} has not borrowed book {book_id}")

"""Route handlers: parse, call one service, translate the outcome into (status, body)."""

from library import services


def error(status, message):
    return status, {"error": message}


def available():
    return 200, services.available_books()


def borrow(book_id, member):
    try:
        services.borrow_book(book_id, member)
    except services.BookNotFound as exc:
        return error(404, str(exc))
    except services.LoanRefused as exc:
        return error(409, str(exc))
    return 201, {"book_id": book_id, "member": member}


def give_back(book_id, member):
    try:
        services.return_book(book_id, member)
    except services.BookNotFound as exc:
        return error(404, str(exc))
    return 204, None

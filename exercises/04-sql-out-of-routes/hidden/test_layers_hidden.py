import ast
import importlib
import inspect
import sys
import types
import unittest

from library import db, routes

BOOKS = [
    (10, "Zebra Patterns", "Z", 2),
    (11, "Alpha Testing", "A", 1),
]

# The repository functions the README names, and nothing else: services that pass SQL through a
# generic `run(sql)` or reach for a connection cannot work against this fake.
REPOSITORY_FUNCTIONS = (
    "find_book",
    "books_with_free_copies",
    "loans_of_book",
    "loans_of_member",
    "add_loan",
    "remove_loan",
)


class FakeRepository(types.ModuleType):
    """An in-memory library.repository: named methods only, no SQL anywhere."""

    def __init__(self, books):
        super().__init__("library.repository")
        self.books = {book[0]: book for book in books}
        self.loans = []
        self.calls = []

        def record(name, result):
            self.calls.append(name)
            return result

        self.find_book = lambda book_id: record("find_book", self.books.get(book_id))
        self.books_with_free_copies = lambda: record(
            "books_with_free_copies",
            sorted(
                [(b[0], b[1], b[2]) for b in self.books.values() if b[3] > self._on_loan(b[0])],
                key=lambda row: row[1],
            ),
        )
        self.loans_of_book = lambda book_id: record("loans_of_book", self._on_loan(book_id))
        self.loans_of_member = lambda member: record(
            "loans_of_member", sum(1 for _, who in self.loans if who == member)
        )
        self.add_loan = lambda book_id, member: record("add_loan", self.loans.append((book_id, member)))
        self.remove_loan = lambda book_id, member: record("remove_loan", self._remove(book_id, member))

    def _on_loan(self, book_id):
        return sum(1 for book, _ in self.loans if book == book_id)

    def _remove(self, book_id, member):
        if (book_id, member) in self.loans:
            self.loans.remove((book_id, member))
            return True
        return False


def services_over(fake):
    """A fresh library.services that sees `fake` as library.repository (however it imports it)."""
    import library

    saved = {name: sys.modules.get(name) for name in ("library.repository", "library.services")}
    saved_attr = getattr(library, "repository", None)
    sys.modules["library.repository"] = fake
    sys.modules.pop("library.services", None)
    library.repository = fake
    try:
        return importlib.import_module("library.services")
    finally:
        for name, module in saved.items():
            if module is None:
                sys.modules.pop(name, None)
            else:
                sys.modules[name] = module
        if saved_attr is None:
            library.__dict__.pop("repository", None)
        else:
            library.repository = saved_attr
        if saved["library.services"] is not None:
            library.services = saved["library.services"]


class RoutesBehaveAsBeforeTest(unittest.TestCase):
    """The starter already passes this: every route's answers, kept in one test."""

    def setUp(self):
        db.reset(BOOKS)

    def test_routes_behave_as_before(self):
        self.assertEqual(routes.borrow(99, "ada"), (404, {"error": "no book with id 99"}))
        self.assertEqual(routes.borrow(10, "ada")[0], 201)
        self.assertEqual(routes.borrow(10, "bob")[0], 201)
        self.assertEqual(routes.borrow(10, "cy"), (409, {"error": "no copy of this book is free"}))
        self.assertEqual(routes.available(), (200, [{"id": 11, "title": "Alpha Testing", "author": "A"}]))
        self.assertEqual(routes.give_back(11, "ada"), (404, {"error": "ada has not borrowed book 11"}))
        self.assertEqual(routes.give_back(77, "ada"), (404, {"error": "no book with id 77"}))
        self.assertEqual(routes.give_back(10, "ada"), (204, None))
        db.reset([(n, f"Book {n}", "X", 5) for n in range(1, 6)])
        for n in (1, 2, 3):
            self.assertEqual(routes.borrow(n, "ada")[0], 201)
        self.assertEqual(routes.borrow(4, "ada"), (409, {"error": "ada already has 3 books on loan"}))
        routes.give_back(2, "ada")
        self.assertEqual(routes.borrow(4, "ada")[0], 201)


class ServicesOverAFakeRepositoryTest(unittest.TestCase):
    """The rules live in services and need only the repository's named functions: no database."""

    def setUp(self):
        self.fake = FakeRepository(BOOKS)
        self.services = services_over(self.fake)

    def test_borrow_unknown_book(self):
        with self.assertRaises(self.services.BookNotFound) as raised:
            self.services.borrow_book(404, "ada")
        self.assertEqual(str(raised.exception), "no book with id 404")
        self.assertEqual(self.fake.loans, [])

    def test_borrow_records_a_loan_until_no_copy_is_free(self):
        self.services.borrow_book(11, "ada")
        self.assertEqual(self.fake.loans, [(11, "ada")])
        with self.assertRaises(self.services.LoanRefused) as raised:
            self.services.borrow_book(11, "bob")
        self.assertEqual(str(raised.exception), "no copy of this book is free")
        self.assertEqual(self.fake.loans, [(11, "ada")])

    def test_loan_limit(self):
        self.fake.books = {n: (n, f"Book {n}", "X", 5) for n in range(1, 6)}
        for n in (1, 2, 3):
            self.services.borrow_book(n, "ada")
        with self.assertRaises(self.services.LoanRefused) as raised:
            self.services.borrow_book(4, "ada")
        self.assertEqual(str(raised.exception), "ada already has 3 books on loan")
        self.services.borrow_book(4, "bob")
        self.assertEqual(len(self.fake.loans), 4)

    def test_return_book(self):
        with self.assertRaises(self.services.BookNotFound):
            self.services.return_book(77, "ada")
        with self.assertRaises(self.services.BookNotFound) as raised:
            self.services.return_book(11, "ada")
        self.assertEqual(str(raised.exception), "ada has not borrowed book 11")
        self.fake.loans = [(10, "ada"), (10, "ada")]
        self.services.return_book(10, "ada")
        self.assertEqual(self.fake.loans, [(10, "ada")])

    def test_available_books(self):
        self.fake.loans = [(11, "ada")]
        self.assertEqual(self.services.available_books(), [{"id": 10, "title": "Zebra Patterns", "author": "Z"}])


class RepositoryTest(unittest.TestCase):
    def setUp(self):
        db.reset(BOOKS)
        self.repository = importlib.import_module("library.repository")

    def test_repository_offers_the_named_functions_over_the_database(self):
        missing = [name for name in REPOSITORY_FUNCTIONS if not callable(getattr(self.repository, name, None))]
        self.assertEqual(missing, [], "library.repository should offer these functions")
        self.assertEqual(self.repository.find_book(11), (11, "Alpha Testing", "A", 1))
        self.assertIsNone(self.repository.find_book(99))
        self.repository.add_loan(11, "ada")
        self.assertEqual((self.repository.loans_of_book(11), self.repository.loans_of_member("ada")), (1, 1))
        self.assertEqual([row[0] for row in self.repository.books_with_free_copies()], [10])
        self.assertTrue(self.repository.remove_loan(11, "ada"))
        self.assertFalse(self.repository.remove_loan(11, "ada"))

    def test_services_hold_no_sql(self):
        services = importlib.import_module("library.services")
        source = inspect.getsource(services)
        words = ("SELECT ", "INSERT ", "UPDATE ", "DELETE ")
        strings = [
            node.value
            for node in ast.walk(ast.parse(source))
            if isinstance(node, ast.Constant) and isinstance(node.value, str)
        ]
        sql = [text for text in strings if any(word in text.upper() for word in words)]
        self.assertEqual(sql, [], "SQL belongs in library.repository, behind a function named for what it does")


if __name__ == "__main__":
    unittest.main()

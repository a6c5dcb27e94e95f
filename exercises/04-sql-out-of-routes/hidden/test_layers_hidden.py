import importlib
import unittest

from library import db, routes

BOOKS = [
    (10, "Zebra Patterns", "Z", 2),
    (11, "Alpha Testing", "A", 1),
]


class BorrowRulesTest(unittest.TestCase):
    def setUp(self):
        db.reset(BOOKS)

    def test_borrow_unknown_book(self):
        self.assertEqual(routes.borrow(99, "ada"), (404, {"error": "no book with id 99"}))

    def test_borrow_until_no_copy_is_free(self):
        self.assertEqual(routes.borrow(10, "ada")[0], 201)
        self.assertEqual(routes.borrow(10, "bob")[0], 201)
        self.assertEqual(routes.borrow(10, "cy"), (409, {"error": "no copy of this book is free"}))
        self.assertEqual(routes.available(), (200, [{"id": 11, "title": "Alpha Testing", "author": "A"}]))

    def test_borrow_loan_limit(self):
        db.reset([(n, f"Book {n}", "X", 5) for n in range(1, 6)])
        for n in (1, 2, 3):
            self.assertEqual(routes.borrow(n, "ada")[0], 201)
        self.assertEqual(routes.borrow(4, "ada"), (409, {"error": "ada already has 3 books on loan"}))
        self.assertEqual(routes.borrow(4, "bob")[0], 201)
        routes.give_back(2, "ada")
        self.assertEqual(routes.borrow(4, "ada")[0], 201)

    def test_give_back_without_loan(self):
        self.assertEqual(routes.give_back(11, "ada"), (404, {"error": "ada has not borrowed book 11"}))
        self.assertEqual(routes.give_back(77, "ada"), (404, {"error": "no book with id 77"}))

    def test_give_back_frees_one_copy_only(self):
        routes.borrow(10, "ada")
        routes.borrow(10, "ada")
        self.assertEqual(routes.give_back(10, "ada"), (204, None))
        self.assertEqual(routes.borrow(10, "bob")[0], 201)
        self.assertEqual(routes.borrow(10, "cy")[0], 409)


class ServicesTest(unittest.TestCase):
    def setUp(self):
        db.reset(BOOKS)

    def test_services_raise_domain_errors(self):
        services = importlib.import_module("library.services")
        with self.assertRaises(services.BookNotFound):
            services.borrow_book(404, "ada")
        services.borrow_book(11, "ada")
        with self.assertRaises(services.LoanRefused):
            services.borrow_book(11, "bob")
        with self.assertRaises(services.BookNotFound):
            services.return_book(11, "bob")
        services.return_book(11, "ada")
        self.assertEqual([book["id"] for book in services.available_books()], [11, 10])

    def test_services_do_no_sql(self):
        services = importlib.import_module("library.services")
        self.assertFalse(hasattr(services, "db"), "services should get data through the repository")


class RepositoryTest(unittest.TestCase):
    def test_repository_is_the_only_sql_module(self):
        repository = importlib.import_module("library.repository")
        self.assertTrue(
            any(callable(getattr(repository, name)) for name in dir(repository) if not name.startswith("_")),
            "repository should offer functions for the data the services need",
        )


if __name__ == "__main__":
    unittest.main()

import unittest

from library import db, routes


class RoutesTest(unittest.TestCase):
    def setUp(self):
        db.reset()

    def test_available_lists_books_by_title(self):
        status, body = routes.available()
        self.assertEqual(status, 200)
        self.assertEqual([book["id"] for book in body], [2, 4, 3, 1])

    def test_borrow_then_book_is_gone(self):
        self.assertEqual(routes.borrow(1, "ada"), (201, {"book_id": 1, "member": "ada"}))
        ids = [book["id"] for book in routes.available()[1]]
        self.assertNotIn(1, ids)

    def test_give_back(self):
        routes.borrow(3, "ada")
        self.assertEqual(routes.give_back(3, "ada"), (204, None))


if __name__ == "__main__":
    unittest.main()

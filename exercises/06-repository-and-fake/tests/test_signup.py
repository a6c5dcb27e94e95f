import unittest

from signup.domain import EmailTaken
from signup.fakes import InMemoryUserRepository
from signup.service import SignupService


class SignupTest(unittest.TestCase):
    def setUp(self):
        self.service = SignupService(InMemoryUserRepository())

    def test_register(self):
        user = self.service.register("ada@example.com", "Ada")
        self.assertEqual((user.id, user.email, user.name), (1, "ada@example.com", "Ada"))

    def test_register_twice_is_refused(self):
        self.service.register("ada@example.com", "Ada")
        with self.assertRaises(EmailTaken):
            self.service.register("ada@example.com", "Ada again")


if __name__ == "__main__":
    unittest.main()

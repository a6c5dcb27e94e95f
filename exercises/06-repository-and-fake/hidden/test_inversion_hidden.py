import builtins
import contextlib
import importlib
import os
import shutil
import sys
import tempfile
import unittest


@contextlib.contextmanager
def _replaced(target, name, stand_in):
    """`target.name` is `stand_in` inside the block and the original again after it. A fake by hand:
    unittest.mock would import asyncio and more into every grade for a few attributes."""
    original = getattr(target, name)
    setattr(target, name, stand_in)
    try:
        yield
    finally:
        setattr(target, name, original)


class DictRepository:
    """A repository the learner has never seen: only the protocol's methods."""

    def __init__(self):
        self.rows = {}
        self.calls = []
        self.ids = iter(range(1, 1000))

    def get_by_email(self, email):
        self.calls.append(("get_by_email", email))
        return self.rows.get(email)

    def list(self):
        self.calls.append(("list",))
        return list(self.rows.values())

    def add(self, user):
        self.calls.append(("add", user.email))
        self.rows[user.email] = user

    def next_id(self):
        self.calls.append(("next_id",))
        return next(self.ids)


def _forget_signup():
    for name in list(sys.modules):
        if name == "signup" or name.startswith("signup."):
            del sys.modules[name]


class ServiceTest(unittest.TestCase):
    def test_service_works_with_any_repository(self):
        service_module = importlib.import_module("signup.service")
        domain = importlib.import_module("signup.domain")
        repo = DictRepository()
        service = service_module.SignupService(repo)
        first = service.register("  Ada@Example.COM ", "Ada")
        second = service.register("bob@example.com", "Bob")
        self.assertEqual((first.id, first.email), (1, "ada@example.com"))
        self.assertEqual(second.id, 2)
        self.assertIn(("add", "ada@example.com"), repo.calls)
        with self.assertRaises(domain.EmailTaken):
            service.register("ADA@example.com", "Impostor")
        self.assertEqual(len(repo.rows), 2)
        self.assertEqual(service.find(" BOB@example.com").name, "Bob")
        self.assertIsNone(service.find("cy@example.com"))

    def test_ids_come_from_the_repository(self):
        service_module = importlib.import_module("signup.service")
        repo = DictRepository()
        repo.ids = iter(range(41, 1000))  # users 1 to 40 were signed up and deleted long ago
        user = service_module.SignupService(repo).register("cy@example.com", "Cy")
        self.assertEqual(user.id, 41)

    def test_service_requires_a_repository(self):
        # The composition root chooses the repository; a service that picks its own when given none
        # still depends on a concrete adapter.
        service_module = importlib.import_module("signup.service")
        with self.assertRaises(TypeError):
            service_module.SignupService()
        repo = DictRepository()
        service = service_module.SignupService(repo)
        service.register("dee@example.com", "Dee")
        self.assertEqual([call[0] for call in repo.calls if call[0] == "add"], ["add"])
        self.assertEqual(service.find("DEE@example.com").id, 1)
        for name, value in vars(service).items():
            self.assertNotIn(
                type(value).__module__, ("signup.fakes", "signup.storage"),
                f"the service keeps a {type(value).__name__} of its own in {name}",
            )

    def test_register_rejects_bad_addresses(self):
        service_module = importlib.import_module("signup.service")
        service = service_module.SignupService(DictRepository())
        for bad in ("", "   ", "no-at-sign"):
            with self.assertRaises(ValueError):
                service.register(bad, "X")

    def test_protocol_in_domain(self):
        domain = importlib.import_module("signup.domain")
        protocol = domain.UserRepository
        self.assertTrue(getattr(protocol, "_is_protocol", False))
        for method in ("get_by_email", "list", "add", "next_id"):
            self.assertTrue(callable(getattr(protocol, method, None)), method)


class AdaptersTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "users.json")

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def test_json_repository_survives_a_new_object(self):
        storage = importlib.import_module("signup.storage")
        domain = importlib.import_module("signup.domain")
        repo = storage.JsonFileUserRepository(self.path)
        self.assertEqual(repo.list(), [])
        repo.add(domain.User(id=1, email="ada@example.com", name="Ada"))
        again = storage.JsonFileUserRepository(self.path)
        self.assertEqual(again.get_by_email("ada@example.com"), domain.User(1, "ada@example.com", "Ada"))
        self.assertIsNone(again.get_by_email("bob@example.com"))

    def test_in_memory_repository_is_independent(self):
        fakes = importlib.import_module("signup.fakes")
        domain = importlib.import_module("signup.domain")
        one, two = fakes.InMemoryUserRepository(), fakes.InMemoryUserRepository()
        one.add(domain.User(id=1, email="a@x", name="A"))
        self.assertEqual([u.email for u in one.list()], ["a@x"])
        self.assertEqual(two.list(), [])
        self.assertIsNone(two.get_by_email("a@x"))
        self.assertEqual(two.next_id(), 1, "a new repository starts its own sequence")
        one.add(domain.User(id=one.next_id(), email="b@x", name="B"))
        self.assertEqual(fakes.InMemoryUserRepository().list(), [])

    def test_two_services_on_two_repositories_do_not_meet(self):
        service_module = importlib.import_module("signup.service")
        fakes = importlib.import_module("signup.fakes")
        first = service_module.SignupService(fakes.InMemoryUserRepository())
        second = service_module.SignupService(fakes.InMemoryUserRepository())
        first.register("ada@example.com", "Ada")
        self.assertIsNone(second.find("ada@example.com"))
        self.assertEqual(second.register("ada@example.com", "Ada").id, 1)

    def test_fake_never_hands_out_an_id_twice(self):
        # Users that came with their ids (an import, a migration) own them: counting users would
        # hand the next one an id that is already taken.
        storage = importlib.import_module("signup.storage")
        fakes = importlib.import_module("signup.fakes")
        domain = importlib.import_module("signup.domain")
        for repo in (storage.JsonFileUserRepository(self.path), fakes.InMemoryUserRepository()):
            with self.subTest(type(repo).__name__):
                repo.add(domain.User(id=2, email="imported@x", name="I"))
                taken = {2}
                for email in ("a@x", "b@x"):
                    new_id = repo.next_id()
                    self.assertNotIn(new_id, taken, f"next_id() handed out {new_id}, which a user already has")
                    taken.add(new_id)
                    repo.add(domain.User(id=new_id, email=email, name=email[0]))

    def test_fake_keeps_the_same_contract_as_the_json_repository(self):
        storage = importlib.import_module("signup.storage")
        fakes = importlib.import_module("signup.fakes")
        domain = importlib.import_module("signup.domain")
        for repo in (storage.JsonFileUserRepository(self.path), fakes.InMemoryUserRepository()):
            with self.subTest(type(repo).__name__):
                self.assertEqual((repo.list(), repo.get_by_email("ada@example.com")), ([], None))
                used = set()
                for email in ("ada@example.com", "bob@example.com", "cy@example.com"):
                    new_id = repo.next_id()
                    self.assertNotIn(new_id, used, "next_id() handed out an id a user already has")
                    used.add(new_id)
                    repo.add(domain.User(id=new_id, email=email, name=email[:3]))
                self.assertEqual(repo.get_by_email("bob@example.com").email, "bob@example.com")
                self.assertIsNone(repo.get_by_email("BOB@example.com"))
                self.assertEqual(sorted(user.id for user in repo.list()), sorted(used))
                self.assertNotIn(repo.next_id(), used)

    def test_build_service(self):
        main = importlib.import_module("signup.main")
        service = main.build_service(self.path)
        service.register("ada@example.com", "Ada")
        self.assertTrue(os.path.exists(self.path))
        self.assertEqual(main.build_service(self.path).find("ada@example.com").id, 1)


class ImportTimeTest(unittest.TestCase):
    def test_import_touches_no_files(self):
        _forget_signup()
        real_open = builtins.open
        scratch = tempfile.mkdtemp()

        def guarded_open(file, mode="r", *args, **kwargs):
            if any(flag in mode for flag in "wax+"):
                raise AssertionError(f"file written at import time: {file}")
            return real_open(file, mode, *args, **kwargs)

        try:
            with _replaced(tempfile, "gettempdir", lambda: scratch), _replaced(
                builtins, "open", guarded_open
            ):
                for name in ("signup", "signup.domain", "signup.service", "signup.storage", "signup.main"):
                    importlib.import_module(name)
            self.assertEqual(os.listdir(scratch), [])
        finally:
            _forget_signup()
            shutil.rmtree(scratch, ignore_errors=True)

if __name__ == "__main__":
    unittest.main()

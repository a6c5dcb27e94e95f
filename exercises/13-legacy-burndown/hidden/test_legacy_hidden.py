import ast
import importlib
import pathlib
import sys
import unittest
from decimal import Decimal

from ledgerly.services import audit
from ledgerly.web import views


class ViewsBehaveAsBeforeTest(unittest.TestCase):
    """What the starter already does right, through the views: one test, not one per feature."""

    def setUp(self):
        views.reset()
        views.login("clerk")
        _, self.ada = views.open_account("Ada")
        _, self.bob = views.open_account("Bob")
        views.deposit(self.ada, "2000")

    def test_views_behave_as_before(self):
        for check in (
            self._withdraw_fee_is_one_percent_above_the_minimum,
            self._withdraw_insufficient_funds_counts_the_fee,
            self._statement_sorted_and_rounded,
            self._transfer,
            self._audit_trail,
            self._audit_actor_follows_the_session,
        ):
            with self.subTest(check.__name__):
                self.setUp()
                check()

    def _withdraw_fee_is_one_percent_above_the_minimum(self):
        views.withdraw(self.ada, "150")
        self.assertIn("acc-1 Ada: 1,848.50", views.statement()[1])

    def _withdraw_insufficient_funds_counts_the_fee(self):
        views.deposit(self.bob, "10")
        self.assertEqual(views.withdraw(self.bob, "9.60"), (409, "acc-2 cannot pay 10.10"))
        self.assertEqual(views.withdraw(self.bob, "9.50"), (200, "ok"))
        self.assertIn("acc-2 Bob: 0.00", views.statement()[1])

    def _statement_sorted_and_rounded(self):
        views.deposit(self.bob, "0.005")
        self.assertEqual(views.statement(), (200, "acc-1 Ada: 2,000.00\nacc-2 Bob: 0.01"))

    def _transfer(self):
        self.assertEqual(views.transfer(self.ada, self.bob, "500"), (200, "ok"))
        self.assertEqual(views.transfer(self.bob, self.ada, "501"), (409, "acc-2 cannot pay 501.00"))
        self.assertEqual(views.statement()[1], "acc-1 Ada: 1,500.00\nacc-2 Bob: 500.00")

    def _audit_trail(self):
        views.withdraw(self.ada, "10")
        views.transfer(self.ada, self.bob, "5")
        self.assertEqual(
            audit.entries(),
            [
                ("clerk", "open acc-1"),
                ("clerk", "open acc-2"),
                ("clerk", "deposit 2000.00 to acc-1"),
                ("clerk", "withdraw 10.00 from acc-1"),
                ("clerk", "transfer 5.00 from acc-1 to acc-2"),
            ],
        )

    def _audit_actor_follows_the_session(self):
        views.login("manager")
        views.transfer(self.ada, self.bob, "1")
        views.login("auditor")
        views.deposit(self.bob, "1")
        self.assertEqual(audit.entries()[-2:], [("manager", "transfer 1.00 from acc-1 to acc-2"), ("auditor", "deposit 1.00 to acc-2")])


class StructureTest(unittest.TestCase):
    def setUp(self):
        self.loaded = {n: m for n, m in sys.modules.items() if n == "ledgerly" or n.startswith("ledgerly.")}

    def test_models_load_alone(self):
        for name in list(sys.modules):
            if name == "ledgerly" or name.startswith("ledgerly."):
                del sys.modules[name]
        try:
            account = importlib.import_module("ledgerly.models.account")
            acc = account.Account("x", "Test")
            acc.deposit(account.Decimal("100"))
            acc.withdraw(account.Decimal("20"))
            self.assertEqual(str(acc.balance), "79.50")
            above = [n for n in sys.modules if n.startswith(("ledgerly.services", "ledgerly.db", "ledgerly.web"))]
            self.assertEqual(above, [])
        finally:
            for name in list(sys.modules):
                if name == "ledgerly" or name.startswith("ledgerly."):
                    del sys.modules[name]
            sys.modules.update(self.loaded)


def _fresh(name):
    """Imports `name` with no ledgerly module loaded before, and lists the ledgerly modules it pulled in."""
    for loaded in list(sys.modules):
        if loaded == "ledgerly" or loaded.startswith("ledgerly."):
            del sys.modules[loaded]
    module = importlib.import_module(name)
    return module, {n for n in sys.modules if n.startswith("ledgerly.")}


# The ignore_imports of .importlinter when the exercise starts.
DEBT = [
    ("ledgerly.models.account", "ledgerly.services.fees"),
    ("ledgerly.models.money", "ledgerly.db.config"),
    ("ledgerly.db.store", "ledgerly.services.audit"),
    ("ledgerly.db.store", "ledgerly.web.formatting"),
    ("ledgerly.db.store", "ledgerly.web.session"),
    ("ledgerly.services.transfers", "ledgerly.web.session"),
]


def _imports(importer, imported):
    """Whether module `importer` has an import statement (anywhere in it) of `imported` or below it."""
    path = pathlib.Path(*importer.split("."))
    path = path / "__init__.py" if path.is_dir() else path.with_suffix(".py")
    if not path.is_file():
        return False
    package = importer.split(".")[:-1] if path.name != "__init__.py" else importer.split(".")
    names = []
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1] + ([node.module] if node.module else [])) if node.level else node.module
            names += [base] + [f"{base}.{alias.name}" for alias in node.names]
    return any(name == imported or name.startswith(imported + ".") for name in names if name)


class LayersOnTheirOwnTest(unittest.TestCase):
    """Each layer works without the layers above it, called directly with a plain Store."""

    def setUp(self):
        self.loaded = {n: m for n, m in sys.modules.items() if n == "ledgerly" or n.startswith("ledgerly.")}

    def tearDown(self):
        # Put back the modules the other tests imported, so they keep one session and one audit log.
        for name in [n for n in sys.modules if n == "ledgerly" or n.startswith("ledgerly.")]:
            del sys.modules[name]
        sys.modules.update(self.loaded)

    def test_store_only_stores(self):
        store_module, _ = _fresh("ledgerly.db.store")
        audit = importlib.import_module("ledgerly.services.audit")
        audit.clear()
        store = store_module.Store()
        account = store_module.create_account(store, "Ada")
        store.save(account)
        self.assertEqual(audit.entries(), [], "the store should not audit: the services do")
        self.assertEqual([a.id for a in store.all()], [account.id])
        store.save(store_module.create_account(store, "Bob"))
        self.assertEqual([a.owner for a in store.all()], ["Ada", "Bob"])

    def test_money_rules_work_without_the_layers_above(self):
        money, _ = _fresh("ledgerly.models.money")
        self.assertEqual(money.to_money("0.005"), Decimal("0.01"))
        self.assertEqual(money.to_money(Decimal("2.344")), Decimal("2.34"))
        above = sorted(n for n in sys.modules if n.startswith(("ledgerly.db", "ledgerly.services", "ledgerly.web")))
        self.assertEqual(above, [], "the currency precision is a money rule: it belongs in ledgerly.models")

    def test_store_works_without_services_or_web(self):
        store_module, loaded = _fresh("ledgerly.db.store")
        store = store_module.Store()
        store_module.create_account(store, "Ada")
        store.save(store.get("acc-1"))
        store.all()
        above = sorted(n for n in sys.modules if n.startswith(("ledgerly.services", "ledgerly.web")))
        self.assertEqual(above, [], "ledgerly.db must work without loading the layers above it")

    def test_audit_services_take_the_actor(self):
        accounts, _ = _fresh("ledgerly.services.accounts")
        transfers = importlib.import_module("ledgerly.services.transfers")
        audit = importlib.import_module("ledgerly.services.audit")
        store = importlib.import_module("ledgerly.db.store").Store()
        audit.clear()
        ada = accounts.open_account(store, "Ada", "teller").id
        bob = accounts.open_account(store, "Bob", "teller").id
        accounts.deposit(store, ada, "100", "clerk")
        accounts.withdraw(store, ada, "10", "clerk")
        transfers.transfer(store, ada, bob, "5", "manager")
        self.assertEqual(
            audit.entries(),
            [
                ("teller", f"open {ada}"),
                ("teller", f"open {bob}"),
                ("clerk", f"deposit 100.00 to {ada}"),
                ("clerk", f"withdraw 10.00 from {ada}"),
                ("manager", f"transfer 5.00 from {ada} to {bob}"),
            ],
        )
        self.assertEqual(store.get(ada).balance, Decimal("84.50"))
        self.assertFalse(
            any(n.startswith("ledgerly.web") for n in sys.modules),
            "the services should get the actor as an argument, not from the web session",
        )

    def test_no_import_is_hidden_from_the_contract(self):
        hidden = []
        for path in sorted(pathlib.Path("ledgerly").rglob("*.py")):
            for node in ast.walk(ast.parse(path.read_text())):
                name = None
                if isinstance(node, ast.Call):
                    func = node.func
                    name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", None)
                if name in ("import_module", "__import__", "exec", "eval") or (
                    isinstance(node, (ast.Import, ast.ImportFrom))
                    and any(alias.name.split(".")[0] == "importlib" for alias in node.names)
                    or isinstance(node, ast.ImportFrom) and (node.module or "").startswith("importlib")
                ):
                    hidden.append(f"{path}:{node.lineno}")
        self.assertEqual(hidden, [], "import-linter cannot see dynamic imports: import for real, in the right direction")

    def test_debt_list_is_empty(self):
        left = [f"{importer} -> {imported}" for importer, imported in DEBT if _imports(importer, imported)]
        self.assertEqual(left, [], "these ignored imports are still in the code")
        text = pathlib.Path("ARCHITECTURE.md").read_text()
        left = [line.strip() for line in text.splitlines() if "->" in line and line.strip().startswith("ledgerly.")]
        self.assertEqual(left, [], "ARCHITECTURE.md still lists ignored imports")


if __name__ == "__main__":
    unittest.main()

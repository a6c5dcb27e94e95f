import importlib
import unittest


def mod(name):
    return importlib.import_module(f"stock.{name}")


class Tally(unittest.TestResult):
    """Records failures without formatting tracebacks (the grader's sandbox keeps its frames private)."""

    def addError(self, test, err):
        self.errors.append((test, f"{err[0].__name__}: {err[1]}"))

    def addFailure(self, test, err):
        self.failures.append((test, f"{err[0].__name__}: {err[1]}"))


def run_contract(factory):
    contract = mod("contract").StockRepositoryContract
    case = type("Contract", (contract, unittest.TestCase), {"make_repository": lambda self: factory()})
    result = Tally()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def holds(factory):
    result = run_contract(factory)
    return result.testsRun > 0 and result.wasSuccessful()


class ListStockRepository:
    """A correct repository the learner has never seen: a list of items."""

    def __init__(self):
        self.rows = []

    def add(self, item):
        if any(row.sku == item.sku for row in self.rows):
            raise mod("domain").DuplicateSku(item.sku)
        self.rows.append(item)

    def get(self, sku):
        return next((row for row in self.rows if row.sku == sku), None)

    def list(self):
        return sorted(self.rows, key=lambda row: row.sku)

    def remove(self, sku):
        kept = [row for row in self.rows if row.sku != sku]
        if len(kept) == len(self.rows):
            raise mod("domain").UnknownSku(sku)
        self.rows = kept

    def low_stock(self, threshold):
        return sorted((row for row in self.rows if row.quantity < threshold), key=lambda row: row.sku)


class DuplicatesOverwrite(ListStockRepository):
    def add(self, item):
        self.rows = [row for row in self.rows if row.sku != item.sku] + [item]


class DuplicatesAreAddedTwice(ListStockRepository):
    def add(self, item):
        self.rows.append(item)


class ListInInsertionOrder(ListStockRepository):
    def list(self):
        return list(self.rows)


class ListHidesEmptyItems(ListStockRepository):
    def list(self):
        return [row for row in super().list() if row.quantity > 0]


class MissingGetRaises(ListStockRepository):
    def get(self, sku):
        found = super().get(sku)
        if found is None:
            raise KeyError(sku)
        return found


class RemovingMissingIsSilent(ListStockRepository):
    def remove(self, sku):
        self.rows = [row for row in self.rows if row.sku != sku]


class RemoveLeavesGet(ListStockRepository):
    """Keeps a second index for get() and forgets to update it on remove()."""

    def __init__(self):
        super().__init__()
        self.by_sku = {}

    def add(self, item):
        super().add(item)
        self.by_sku[item.sku] = item

    def get(self, sku):
        return self.by_sku.get(sku)


class LowStockInclusive(ListStockRepository):
    def low_stock(self, threshold):
        return sorted((row for row in self.rows if row.quantity <= threshold), key=lambda row: row.sku)


class LowStockUnsorted(ListStockRepository):
    def low_stock(self, threshold):
        return [row for row in self.rows if row.quantity < threshold]


class ContractCatchesDriftTest(unittest.TestCase):
    """Each drifted fake must fail the learner's suite, while every correct repository passes it."""

    def assert_catches(self, drifted):
        correct = [ListStockRepository, mod("fakes").InMemoryStockRepository, mod("sqlite_repo").SqliteStockRepository]
        for factory in correct:
            self.assertTrue(holds(factory), f"the suite fails a correct repository: {factory.__name__}")
        self.assertFalse(holds(drifted), f"the suite passes a drifted fake: {drifted.__doc__ or drifted.__name__}")

    def test_catches_a_duplicate_that_overwrites(self):
        self.assert_catches(DuplicatesOverwrite)

    def test_catches_a_duplicate_added_twice(self):
        self.assert_catches(DuplicatesAreAddedTwice)

    def test_catches_an_unsorted_list(self):
        self.assert_catches(ListInInsertionOrder)

    def test_catches_a_list_that_hides_empty_items(self):
        self.assert_catches(ListHidesEmptyItems)

    def test_catches_get_raising_for_a_missing_item(self):
        self.assert_catches(MissingGetRaises)

    def test_catches_a_silent_remove_of_a_missing_item(self):
        self.assert_catches(RemovingMissingIsSilent)

    def test_catches_a_remove_that_get_does_not_see(self):
        self.assert_catches(RemoveLeavesGet)

    def test_catches_an_inclusive_low_stock(self):
        self.assert_catches(LowStockInclusive)

    def test_catches_an_unsorted_low_stock(self):
        self.assert_catches(LowStockUnsorted)


if __name__ == "__main__":
    unittest.main()

import contextlib
import fnmatch
import importlib
import importlib.util
import io
import os
import re
import runpy
import sys
import tomllib
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


# The grader runs tests from the project root (and may load them from memory, without a file).
ROOT = os.getcwd()
SRC = os.path.join(ROOT, "src")
if SRC not in sys.path:
    sys.path.insert(0, SRC)


def _forget_invoicer():
    for name in list(sys.modules):
        if name == "invoicer" or name.startswith("invoicer."):
            del sys.modules[name]


def _run_module(*args):
    out, err = io.StringIO(), io.StringIO()
    with _replaced(sys, "argv", ["invoicer", *args]):
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            with unittest.TestCase().assertRaises(SystemExit) as caught:
                runpy.run_module("invoicer", run_name="__main__", alter_sys=True)
    code = caught.exception.code
    return (0 if code is None else code), out.getvalue(), err.getvalue()


class LayoutTest(unittest.TestCase):
    def test_package_lives_in_src(self):
        self.assertTrue(os.path.isfile(os.path.join(SRC, "invoicer", "__init__.py")))
        self.assertFalse(os.path.exists(os.path.join(ROOT, "invoicer")))
        module = importlib.import_module("invoicer")
        self.assertTrue(os.path.abspath(module.__file__).startswith(SRC + os.sep))

    def test_import_leaves_sys_path_alone(self):
        _forget_invoicer()
        before = list(sys.path)
        try:
            importlib.import_module("invoicer.cli")
            importlib.import_module("invoicer.totals")
            self.assertEqual(sys.path, before)
        finally:
            sys.path[:] = before


class EntryPointTest(unittest.TestCase):
    def test_run_as_module(self):
        code, out, err = _run_module("total", "3x4.50", "2x1.25")
        self.assertEqual((code, out, err), (0, "Total: 16.00\n", ""))

    def test_run_as_module_rounds_half_up(self):
        code, out, _ = _run_module("total", "1x0.125", "1x0.0")
        self.assertEqual((code, out), (0, "Total: 0.13\n"))

    def test_bad_item_exit_code(self):
        code, out, err = _run_module("total", "3-4.50")
        self.assertEqual(code, 2)
        self.assertEqual(out, "")
        self.assertIn("3-4.50", err)

    def test_main_returns(self):
        cli = importlib.import_module("invoicer.cli")
        with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
            self.assertEqual(cli.main(["total"]), 0)
            self.assertEqual(cli.main(["subtotal", "1x1"]), 2)
            self.assertEqual(cli.main(["total", "-1x2"]), 2)
        self.assertEqual(out.getvalue(), "Total: 0.00\n")


def _pyproject(test):
    path = os.path.join(ROOT, "pyproject.toml")
    if not os.path.isfile(path):
        test.fail("there is no pyproject.toml at the project root")
    with open(path, "rb") as file:
        try:
            return tomllib.load(file)
        except tomllib.TOMLDecodeError as error:
            test.fail(f"pyproject.toml is not valid TOML: {error}")


def _version(text):
    return tuple(int(part) for part in text.split("."))


def _accepts(specifier, version):
    """Whether a requires-python specifier (PEP 440's operators on release numbers) admits `version`."""
    for clause in specifier.split(","):
        match = re.fullmatch(r"\s*(~=|===|==|!=|<=|>=|<|>)\s*(\d+(?:\.\d+)*)(\.\*)?\s*", clause)
        if match is None:
            raise ValueError(f"cannot read {clause.strip()!r}")
        operator, number, star = match.groups()
        wanted = _version(number)
        have = version[: len(wanted)] if star else version + (0,) * max(0, len(wanted) - len(version))
        if operator == "~=":
            ok = have >= wanted and have[: len(wanted) - 1] == wanted[:-1]
        elif operator in ("==", "==="):
            ok = have == wanted
        elif operator == "!=":
            ok = have != wanted
        else:
            ok = {"<=": have <= wanted, ">=": have >= wanted, "<": have < wanted, ">": have > wanted}[operator]
        if not ok:
            return False
    return True


# Each backend with the setting that points it at src/ (both would also find src/ unaided; the
# exercise asks for the setting to be written down).
BACKENDS = {"setuptools.build_meta": "setuptools", "hatchling.build": "hatchling"}


class PackagingTest(unittest.TestCase):
    """pyproject.toml, read as a build front end would (no build: the grader has no network)."""

    def test_project_metadata(self):
        project = _pyproject(self).get("project")
        self.assertIsInstance(project, dict, "pyproject.toml needs a [project] table (PEP 621)")
        name = re.sub(r"[-_.]+", "-", str(project.get("name", ""))).lower()
        self.assertEqual(name, "invoicer", "[project] name")
        self.assertRegex(str(project.get("version", "")), r"^\d+(\.\d+)*$", "[project] version, e.g. \"0.1.0\"")
        requires = project.get("requires-python")
        self.assertIsInstance(requires, str, "[project] requires-python says which Pythons can run it")
        try:
            accepts = _accepts(requires, (3, 11)), _accepts(requires, (2, 7))
        except ValueError as error:
            self.fail(f"requires-python: {error}")
        self.assertEqual(accepts, (True, False), "requires-python should admit Python 3.11 and not Python 2")

    def test_build_system(self):
        build = _pyproject(self).get("build-system")
        self.assertIsInstance(build, dict, "pyproject.toml needs a [build-system] table (PEP 518)")
        backend = build.get("build-backend")
        self.assertIn(backend, BACKENDS, "build-backend: setuptools.build_meta (or hatchling.build)")
        requires = build.get("requires")
        self.assertIsInstance(requires, list, "build-system requires is a list of requirements")
        names = [re.split(r"[\s<>=!~\[;]", str(item), maxsplit=1)[0].lower() for item in requires]
        self.assertIn(BACKENDS[backend], names, f"build-system requires must install {BACKENDS[backend]}")

    def test_package_found_under_src(self):
        config = _pyproject(self)
        tool = config.get("tool", {})
        backend = config.get("build-system", {}).get("build-backend")
        if backend == "hatchling.build":
            packages = tool.get("hatch", {}).get("build", {}).get("targets", {}).get("wheel", {}).get("packages", [])
            self.assertIn("src/invoicer", [p.strip("/").removeprefix("./") for p in packages])
            return
        setuptools = tool.get("setuptools", {})
        find = setuptools.get("packages", {})
        find = find.get("find", {}) if isinstance(find, dict) else {}
        where = [str(p).strip("/").removeprefix("./") for p in find.get("where", [])]
        package_dir = setuptools.get("package-dir", {}).get("")
        self.assertTrue(
            where == ["src"] or package_dir == "src",
            "tell setuptools where the package is: [tool.setuptools.packages.find] where = [\"src\"]",
        )
        include = find.get("include", ["*"])
        self.assertTrue(any(fnmatch.fnmatchcase("invoicer", pattern) for pattern in include), "include leaves out invoicer")
        self.assertTrue(os.path.isfile(os.path.join(SRC, "invoicer", "__init__.py")))

    def test_console_script(self):
        scripts = _pyproject(self).get("project", {}).get("scripts", {})
        target = scripts.get("invoicer") if isinstance(scripts, dict) else None
        self.assertIsInstance(target, str, "[project.scripts] should define the invoicer command")
        match = re.fullmatch(r"\s*([\w.]+)\s*:\s*([\w.]+)\s*", target)
        self.assertIsNotNone(match, f"an entry point is \"module:function\", not {target!r}")
        module_name, attribute = match.groups()
        spec = importlib.util.find_spec(module_name)
        self.assertIsNotNone(spec, f"{module_name} cannot be imported")
        self.assertTrue(os.path.abspath(spec.origin).startswith(SRC + os.sep), f"{module_name} is not under src/")
        try:
            function = importlib.import_module(module_name)
        except SystemExit:
            self.fail(f"importing {module_name} runs the program: point at a function in a module that only defines it")
        for part in attribute.split("."):
            function = getattr(function, part, None)
        self.assertTrue(callable(function), f"{target} is not a function")

        def command(*args):
            # What the script pip writes does: sys.exit(function()), with the command's arguments in sys.argv.
            out, err = io.StringIO(), io.StringIO()
            with _replaced(sys, "argv", ["invoicer", *args]):
                with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
                    try:
                        code = function()
                    except SystemExit as exit:
                        code = exit.code
            return (0 if code is None else code), out.getvalue()

        self.assertEqual(command("total", "3x4.50", "2x1.25"), (0, "Total: 16.00\n"))
        self.assertEqual(command("total", "3-4.50")[0], 2)


if __name__ == "__main__":
    unittest.main()

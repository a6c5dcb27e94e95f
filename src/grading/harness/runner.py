"""Strata test runner: the process (or, on Pyodide, the part of the harness) that imports the
learner's code and runs one suite of unittest tests against it.

Standard library only; CPython >= 3.10 and Pyodide. It trusts nothing that runs after the
learner's first import:

* the test modules are served from memory and checked after import (their loader, their classes'
  base, their test methods' code objects), so a submission cannot swap a test for a friendlier one;
* unittest, the result class and the builtins are snapshotted before the learner's code runs and
  compared after every test; a change marks the test as tampered with, and the run stops;
* an audit hook refuses, while learner code may be running, what would let it reach this
  runner's state: frames (sys._getframe, a traceback's or generator's frame), the garbage
  collector's object lists, trace and profile functions, ctypes, and rewriting code objects;
* the learner's files are graded as the exercise's Python version: a module using newer syntax
  fails to import on every interpreter, not only on old ones (see language_problem);
* in a separate process (supervised mode), every event carries a key that only this runner's
  closures hold, so bytes written to the event pipe by learner code are recognised as forged.
"""

import ast
import builtins
import importlib.abc
import importlib.machinery
import importlib.util
import io
import json
import linecache
import os
import sys
import traceback
import unittest

MESSAGE_LIMIT = 4000
STATUS_RANK = {"pass": 0, "skipped": 1, "fail": 2, "error": 3, "timeout": 4}

try:
    import tokenize
except ImportError:  # pragma: no cover
    tokenize = None


def clip(text, limit=MESSAGE_LIMIT):
    if len(text) <= limit:
        return text
    return text[:limit] + "\n... [%d characters truncated]" % (len(text) - limit)


# ---------------------------------------------------------------- the exercise's Python version


def parse_level(text):
    major, minor = (int(part) for part in str(text).split(".")[:2])
    return (major, minor)


def fstring_problem(source):
    """On Python >= 3.12 (PEP 701), f-strings accept what older versions reject: the enclosing
    quote, a backslash or a comment inside a replacement field (nested strings included), or a
    line break inside a single-quoted one. ast's feature_version does not check these."""
    start_token = getattr(tokenize, "FSTRING_START", None)
    if start_token is None:
        return None
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(source).readline))
    except (tokenize.TokenError, SyntaxError):
        return None  # a real syntax error: the parser reports it
    stack = []  # per open f-string: quote, start row, tokens of its fields, all of its tokens
    for token in tokens:
        if token.type == start_token:
            quote = token.string[len(token.string.rstrip("'\"")) :]
            stack.append({"quote": quote, "row": token.start[0], "fields": [], "all": [token]})
            continue
        if not stack:
            continue
        top = stack[-1]
        top["all"].append(token)
        if token.type == tokenize.FSTRING_MIDDLE:
            continue  # the f-string's own literal text
        if token.type != tokenize.FSTRING_END:
            top["fields"].append(token)
            continue
        stack.pop()
        for item in top["fields"]:
            if item.type == tokenize.COMMENT:
                return ("a comment inside an f-string's replacement field needs Python 3.12", item.start)
            if "\\" in item.string:
                return ("a backslash inside an f-string's replacement field needs Python 3.12", item.start)
            if top["quote"] in item.string:
                return ("reusing an f-string's quote inside its replacement field needs Python 3.12", item.start)
            if len(top["quote"]) == 1 and item.start[0] != top["row"]:
                return ("a line break inside a single-quoted f-string needs Python 3.12", item.start)
        if stack:  # a nested f-string is, as a whole, part of the enclosing one's field
            stack[-1]["fields"].extend(top["all"])
            stack[-1]["all"].extend(top["all"])
    return None


def language_problem(source, filename, level):
    """Why `source` is not valid Python `level` (major, minor), or None. Uses the running
    interpreter's parser with feature_version, plus the f-string rules it does not check."""
    try:
        ast.parse(source, filename, feature_version=level)
    except SyntaxError as error:
        return (error.msg, (error.lineno or 1, (error.offset or 1) - 1))
    except (TypeError, ValueError):  # an interpreter without feature_version: its own parser decides
        return None
    if level < (3, 12) and sys.version_info >= (3, 12):
        found = fstring_problem(source)
        if found:
            return found
    if level < (3, 14) and sys.version_info >= (3, 14) and hasattr(tokenize, "TSTRING_START"):
        for token in tokenize.generate_tokens(io.StringIO(source).readline):
            if token.type == tokenize.TSTRING_START:
                return ("template strings (t-strings) need Python 3.14", token.start)
    return None


class RefusingLoader(importlib.abc.Loader):
    def __init__(self, error):
        self.error = error

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        raise self.error


class LanguageGate(importlib.abc.MetaPathFinder):
    """Makes a learner module that is not valid at the exercise's Python version fail to import
    with a SyntaxError, the way it would on that version."""

    def __init__(self, refused):
        self.refused = refused  # absolute path -> SyntaxError

    def find_spec(self, fullname, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(fullname, path)
        if spec is None or spec.origin not in self.refused:
            return None
        is_package = spec.submodule_search_locations is not None
        refused = importlib.util.spec_from_loader(
            fullname, RefusingLoader(self.refused[spec.origin]), origin=spec.origin, is_package=is_package
        )
        if is_package:
            refused.submodule_search_locations = spec.submodule_search_locations
        return refused


def check_project(workdir, level, skip=(".strata", "tests", "hidden")):
    """SyntaxErrors for the learner's files that are not valid at `level`, by absolute path."""
    refused = {}
    for folder, dirs, files in os.walk(workdir):
        rel = os.path.relpath(folder, workdir)
        if rel == ".":
            dirs[:] = [d for d in dirs if d not in skip]
        dirs.sort()
        for name in sorted(files):
            if not name.endswith(".py"):
                continue
            path = os.path.join(folder, name)
            try:
                with open(path, "rb") as handle:
                    source = handle.read().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                continue
            found = language_problem(source, path, level)
            if found:
                message, (line, column) = found
                text = source.splitlines()[line - 1] if 0 < line <= len(source.splitlines()) else None
                note = "%s (this exercise is graded as Python %d.%d)" % (message, level[0], level[1])
                refused[path] = SyntaxError(note, (os.path.relpath(path, workdir), line, column + 1, text))
    return refused


# ---------------------------------------------------------------- test modules, served from memory


class MemoryFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the test packages from memory: nothing on disk can replace or shadow them."""

    def __init__(self, modules):
        self.modules = modules  # name -> (code, is_package)

    def find_spec(self, fullname, path=None, target=None):
        entry = self.modules.get(fullname)
        if entry is None:
            return None
        return importlib.util.spec_from_loader(fullname, self, origin=entry[0].co_filename, is_package=entry[1])

    def create_module(self, spec):
        return None

    def exec_module(self, module):
        code = self.modules[module.__name__][0]
        module.__file__ = code.co_filename
        exec(code, module.__dict__)


def compile_suite(suite):
    """Code objects for a suite's modules (package `suite["package"]`), and every function code
    object they contain, to recognise the real test methods later."""
    package = suite["package"]
    modules = {package: (compile("", package + "/__init__.py", "exec"), True)}
    errors = []
    for path in sorted(suite.get("files", {})):
        if not path.endswith(".py"):
            continue
        parts = path[:-3].split("/")
        is_package = parts[-1] == "__init__"
        if is_package:
            parts = parts[:-1]
        name = ".".join([package] + parts)
        for depth in range(1, len(parts)):
            parent = ".".join([package] + parts[:depth])
            modules.setdefault(parent, (compile("", parent.replace(".", "/") + "/__init__.py", "exec"), True))
        filename = package + "/" + path
        source = suite["files"][path]
        try:
            code = compile(source, filename, "exec", dont_inherit=True)
        except SyntaxError as error:
            errors.append("%s: cannot compile test file: %s" % (filename, error))
            continue
        if suite.get("showSource", False):
            linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)
        modules[name] = (code, is_package)
    codes = set()
    pending = [code for code, _ in modules.values()]
    while pending:
        code = pending.pop()
        codes.add(code)
        pending.extend(const for const in code.co_consts if isinstance(const, type(code)))
    return modules, codes, errors


# ---------------------------------------------------------------- what learner code may not touch


# Frames of a traceback or a generator may be read only by these standard-library functions
# (they clear or walk frames without handing them to their caller).
FRAME_READERS = {("traceback.py", "clear_frames")}
BLOCKED_EVENTS = {
    "sys._current_frames": "the frames of other threads",
    "gc.get_objects": "the garbage collector's list of objects",
    "gc.get_referrers": "the garbage collector's referrers",
    "gc.get_referents": "the garbage collector's referents",
    "sys.settrace": "a trace function",
    "sys.setprofile": "a profile function",
}


def install_guard():
    """Adds the audit hook once per interpreter and returns its switch: [True] while learner
    code may run. An audit hook cannot be removed; switched off, it lets everything through."""
    existing = getattr(sys, "_strata_guard_switch", None)
    if existing is not None:
        return existing
    switch = [False, set()]  # [learner code may run, code objects of the tests]
    busy = [False]
    frame_attributes = ("tb_frame", "gi_frame", "cr_frame", "ag_frame")

    def refuse(what, kind=RuntimeError):
        raise kind("graded code may not use %s" % what)

    def hook(event, args):
        if not switch[0] or busy[0]:
            return
        if event == "sys._getframe":
            refuse("sys._getframe (frames of the grader)", ValueError)
        if event in BLOCKED_EVENTS:
            refuse(BLOCKED_EVENTS[event])
        if event.startswith("ctypes."):
            refuse("ctypes")
        if event == "object.__setattr__" and len(args) > 1 and args[1] in ("__code__", "__defaults__", "__kwdefaults__"):
            busy[0] = True
            try:
                protected = getattr(args[0], "__code__", None) in switch[1]
            finally:
                busy[0] = False
            if protected:
                refuse("changes to %s of the grader's or the tests' functions" % args[1])
        if event == "object.__getattr__" and len(args) > 1 and args[1] in frame_attributes:
            busy[0] = True
            try:
                caller = sys._getframe(1)
                where = (os.path.basename(caller.f_code.co_filename), caller.f_code.co_name)
            finally:
                busy[0] = False
            if where not in FRAME_READERS:
                refuse("%s (frames of the grader)" % args[1], AttributeError)

    if hasattr(sys, "addaudithook"):  # CPython and Pyodide; not every interpreter has audit hooks
        sys.addaudithook(hook)
    try:
        sys._strata_guard_switch = switch
    except AttributeError:
        pass
    return switch


def snapshot_names():
    """What unittest's behaviour rests on: (owner, attribute) pairs to compare by identity."""
    pairs = []
    for cls in (unittest.TestCase, unittest.TestResult, unittest.TestSuite, unittest.FunctionTestCase):
        for name in list(vars(cls)):
            pairs.append((cls, name))
    import unittest.case as case_module
    import unittest.result as result_module
    import unittest.suite as suite_module

    for module in (unittest, case_module, result_module, suite_module):
        for name in list(vars(module)):
            if not name.startswith("__"):
                pairs.append((module, name))
    for name in list(vars(builtins)):
        pairs.append((builtins, name))
    return pairs


class Snapshot:
    """Identities of what the verdicts rest on: unittest, the builtins, this runner's own
    globals and classes (reachable from learner code through a finder's methods' __globals__),
    and, once imported, the test classes. The methods below take the builtins they use as
    default arguments (the audit hook refuses changes to a runner function's defaults), and the
    runner calls a bound method captured before learner code runs, so neither replacing a
    builtin nor patching this class turns the check off."""

    def __init__(self, extra_classes=(), namespace=None):
        self.pairs = snapshot_names()
        self.values = [self.read(owner, name) for owner, name in self.pairs]
        self.add(extra_classes)
        if namespace is not None:
            for name in list(namespace):
                self.pairs.append((namespace, name))
                self.values.append(namespace[name])

    @staticmethod
    def read(owner, name, _isinstance=isinstance, _dict=dict, _vars=vars):
        return owner.get(name) if _isinstance(owner, _dict) else _vars(owner).get(name)

    def add(self, classes, methods_only=False):
        """Adds classes' attributes (only their methods, for test classes: unittest itself sets
        bookkeeping attributes such as _classSetupFailed on them while running)."""
        for cls in classes:
            for name, value in list(vars(cls).items()):
                if methods_only and not (callable(value) or isinstance(value, (staticmethod, classmethod))):
                    continue
                self.pairs.append((cls, name))
                self.values.append(value)

    def restore(self, _zip=zip, _setattr=setattr, _isinstance=isinstance, _dict=dict):
        """Puts back what a run replaced (Pyodide keeps one interpreter for every run)."""
        for (owner, name), value in _zip(self.pairs, self.values):
            if self.read(owner, name) is not value:
                try:
                    if _isinstance(owner, _dict):
                        owner[name] = value
                    else:
                        _setattr(owner, name, value)
                except (AttributeError, TypeError):
                    pass

    def changed(self, _zip=zip, _getattr=getattr, _isinstance=isinstance, _dict=dict, _vars=vars):
        for (owner, name), value in _zip(self.pairs, self.values):
            current = owner.get(name) if _isinstance(owner, _dict) else _vars(owner).get(name)
            if current is not value:
                label = "harness" if _isinstance(owner, _dict) else _getattr(owner, "__name__", "?")
                return "%s.%s" % (label, name)
        return None


# ---------------------------------------------------------------- running tests


def frames_of(tb, stop_at=("/unittest/", ".strata/")):
    """The traceback's frames, without unittest's and the harness's own."""
    frames = traceback.extract_tb(tb)
    return [f for f in frames if not any(marker in f.filename for marker in stop_at)]


def describe(err, switch):
    """A failure as text: the learner's and the tests' frames, then the exception. The frames
    are read with the guard off (nothing of the learner's runs while they are extracted); the
    exception's message, which may be learner code, is formatted with the guard on."""
    kind, value, tb = err
    was = switch[0]
    switch[0] = False
    try:
        frames = frames_of(tb)
    except BaseException:
        frames = []
    finally:
        switch[0] = was
    try:
        lines = ["Traceback (most recent call last):\n"]
        lines.extend(traceback.format_list(frames))
        lines.extend(traceback.format_exception_only(kind, value))
        return "".join(lines)
    except BaseException:  # a hostile exception whose __str__ raises
        return "%s (its message could not be shown)" % getattr(kind, "__name__", "exception")


def make_result_class(base):
    class StreamingResult(base):
        """Sends one event per test start/end through emit."""

        def __init__(self, emit, flush, switch, check):
            base.__init__(self)
            self._emit = emit
            self._flush = flush
            self._switch = switch
            self._check = check
            self.outcome = None
            self.current = None
            self.tampered = None

        def startTest(self, test):
            base.startTest(self, test)
            self.outcome = [None, None]
            self.current = test.id()
            self._emit({"e": "start", "t": self.current})

        def worse(self, status, message, rank=dict(STATUS_RANK)):
            if self.outcome is None:
                return
            if self.outcome[0] is None or rank[status] > rank[self.outcome[0]]:
                self.outcome = [status, message]

        def addSuccess(self, test):
            self.worse("pass", None)

        def addExpectedFailure(self, test, err):
            self.worse("pass", None)

        def addError(self, test, err):
            message = describe(err, self._switch)
            if isinstance(test, unittest.TestCase) and self.outcome is not None:
                self.worse("error", message)
            else:  # setUpClass / setUpModule failures arrive on a placeholder
                self._emit({"e": "fixture", "where": str(test), "msg": clip(message)})

        def addFailure(self, test, err):
            self.worse("fail", describe(err, self._switch))

        def addSubTest(self, test, subtest, err):
            if err is not None:
                failed = issubclass(err[0], test.failureException)
                self.worse("fail" if failed else "error", "%s\n%s" % (subtest, describe(err, self._switch)))

        def addSkip(self, test, reason):
            if self.outcome is not None:
                self.outcome = ["skipped", str(reason)]

        def addUnexpectedSuccess(self, test):
            self.worse("fail", "unexpected success (the test is marked expectedFailure)")

        def stopTest(self, test):
            base.stopTest(self, test)
            self._flush()
            status, message = self.outcome or [None, None]
            if status is None:
                # unittest lets KeyboardInterrupt through and calls stopTest on the way out: a test
                # with no recorded outcome did not pass.
                escaping = sys.exc_info()
                if escaping[0] is not None:
                    status, message = "error", describe(escaping, self._switch)
                else:
                    status, message = "error", "the test ended without an outcome"
            changed = self._check()
            if changed:
                self.tampered = changed
                status = "error"
                message = (
                    "the grader's test machinery was tampered with (%s was replaced), so this run's "
                    "results cannot be trusted" % changed
                )
            self._emit({"e": "end", "t": test.id(), "s": status, "msg": clip(message or "")})
            self.outcome = None

    return StreamingResult


def run_tests(tests, emit, flush, switch, finder, codes, test_case, result_class):
    """Imports every test module first (and checks what was imported), then runs the tests in
    order. Learner code runs only between switch on and switch off."""
    imported = {}
    snapshot = Snapshot(
        extra_classes=(result_class, Snapshot, MemoryFinder, LanguageGate, RefusingLoader), namespace=globals()
    )
    check = snapshot.changed

    def load(name):
        if name in imported:
            return imported[name]
        emit({"e": "import", "m": name})
        switch[0] = True
        try:
            module = importlib.import_module(name)
        except BaseException as error:  # SystemExit, KeyboardInterrupt, anything the learner raises
            switch[0] = False
            flush()
            emit({"e": "import_error", "m": name, "msg": clip(describe((type(error), error, error.__traceback__), switch))})
            module = None
        else:
            switch[0] = False
            flush()
            problem = None
            if getattr(getattr(module, "__spec__", None), "loader", None) is not finder:
                problem = "the test module %s was not loaded by the grader" % name
            changed = check()
            if changed:
                problem = "the grader's test machinery was tampered with while importing %s (%s was replaced)" % (name, changed)
            if problem:
                emit({"e": "import_error", "m": name, "msg": problem, "tampered": True})
                module = None
            else:
                emit({"e": "imported", "m": name})
        imported[name] = module
        return module

    cases = []
    for test in tests:
        module = load(test["module"])
        if module is None:
            continue
        cls = vars(module).get(test["cls"])
        method = getattr(cls, test["method"], None) if isinstance(cls, type) else None
        if (
            not isinstance(cls, type)
            or not issubclass(cls, test_case)
            or getattr(method, "__code__", None) not in codes
        ):
            emit({"e": "start", "t": test["id"]})
            emit({"e": "end", "t": test["id"], "s": "error", "msg": "the test %s was replaced or is missing" % test["id"]})
            continue
        cases.append(cls(test["method"]))

    # A test class replaced or patched by an earlier test's learner code is caught too.
    classes = {cls for case in cases for cls in type(case).__mro__ if cls.__module__ == type(case).__module__}
    snapshot.add(sorted(classes, key=lambda cls: cls.__qualname__), methods_only=True)
    result = result_class(emit, flush, switch, check)
    done = set()
    for case in cases:
        if result.tampered:
            break
        suite = unittest.TestSuite([case])
        switch[0] = True
        try:
            suite.run(result)
        except BaseException as error:  # KeyboardInterrupt escapes unittest; charge it to the running test
            switch[0] = False
            message = clip(describe((type(error), error, error.__traceback__), switch))
            if result.outcome is not None and result.current not in done:
                flush()
                emit({"e": "end", "t": result.current, "s": "error", "msg": message})
            else:
                emit({"e": "fixture", "where": "test run", "msg": message})
        finally:
            switch[0] = False
        done.add(case.id())


# ---------------------------------------------------------------- entry points


def runner_codes():
    """Code objects of this runner's functions and methods (their defaults and code are guarded)."""
    found = set()
    for value in list(globals().values()):
        members = list(vars(value).values()) if isinstance(value, type) else [value]
        for member in members:
            member = getattr(member, "__func__", member)
            code = getattr(member, "__code__", None)
            if code is not None and not isinstance(member, type):
                found.add(code)
    return found


def prepare(setup, workdir):
    """Everything done before learner code may run: imports, the guard, the path, the finders."""
    switch = install_guard()
    modules, codes, errors = compile_suite(setup["suite"])
    switch[1] = codes | runner_codes()
    finder = MemoryFinder(modules)
    level = parse_level(setup.get("language", "%d.%d" % sys.version_info[:2]))
    gate = LanguageGate(check_project(workdir, level))
    # The learner's folder comes after the standard library: a file named like a stdlib module
    # cannot replace it (the harness refuses such files before the run anyway).
    while workdir in sys.path:
        sys.path.remove(workdir)
    sys.path.append(workdir)
    sys.meta_path.insert(0, gate)
    sys.meta_path.insert(0, finder)
    importlib.invalidate_caches()
    return switch, finder, codes, errors


def lower_limits(limits):
    """Soft and hard limits of this process, lowered before learner code runs (irreversible)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - every POSIX CPython has it
        return
    kinds = (
        ("memoryBytes", "RLIMIT_AS"),
        ("cpuSeconds", "RLIMIT_CPU"),
        ("fileBytes", "RLIMIT_FSIZE"),
        ("processes", "RLIMIT_NPROC"),
    )
    for key, name in kinds:
        value = limits.get(key)
        kind = getattr(resource, name, None)
        if not value or kind is None:
            continue
        try:
            soft, hard = resource.getrlimit(kind)
            value = int(value) if hard == resource.RLIM_INFINITY else min(int(value), hard)
            resource.setrlimit(kind, (value, value))
        except (ValueError, OSError):
            pass


def child_main():
    """Supervised mode: a fresh interpreter started by the harness. Its setup arrives on stdin
    (then stdin is /dev/null); events go to the pipe named in the setup, each line prefixed with
    the key, which stays in this function's closures."""
    data = b""
    while True:
        chunk = os.read(0, 1 << 20)
        if not chunk:
            break
        data += chunk
    setup = json.loads(data.decode("utf-8"))
    del data
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    event_fd = setup["eventFd"]
    ack_fd = setup["ackFd"]
    os.set_inheritable(event_fd, False)
    os.set_inheritable(ack_fd, False)
    key = setup["key"].encode("ascii")
    workdir = setup["workdir"]
    os.chdir(workdir)
    stdout, stderr = sys.stdout, sys.stderr
    write = os.write
    dumps = json.dumps

    def emit(event, key=key, fd=event_fd, ack=ack_fd, read=os.read, waits=("end", "imported", "import_error")):
        data = key + b" " + dumps(event).encode("utf-8", "replace") + b"\n"
        while data:
            data = data[write(fd, data):]
        if event["e"] in waits:
            # Wait until the harness has taken this test's output, so the next test's output
            # cannot be charged to this one.
            try:
                read(ack, 1)
            except OSError:
                pass

    def flush():
        for stream in {id(s): s for s in (sys.stdout, sys.stderr, stdout, stderr)}.values():
            try:
                stream.flush()
            except BaseException:
                pass

    switch, finder, codes, errors = prepare(setup, workdir)
    del setup["key"]
    lower_limits(setup.get("limits") or {})
    for error in errors:
        emit({"e": "fixture", "where": "compile", "msg": error})
    result_class = make_result_class(unittest.TestResult)
    try:
        run_tests(setup["tests"], emit, flush, switch, finder, codes, unittest.TestCase, result_class)
        switch[0] = False
        flush()
        emit({"e": "done"})
    except BaseException:
        pass
    os._exit(0)


if __name__ == "__main__":
    child_main()

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
import types
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


BLOCKED_EVENTS = {
    "sys._current_frames": "the frames of other threads",
    "gc.get_objects": "the garbage collector's list of objects",
    "gc.get_referrers": "the garbage collector's referrers",
    "gc.get_referents": "the garbage collector's referents",
    "sys.settrace": "a trace function",
    "sys.setprofile": "a profile function",
}


def install_guard(shared=False):
    """Adds the audit hook and returns its switch: [True] while learner code may run (and, in this
    runner, from then on). An audit hook cannot be removed; switched off, it lets everything through.

    `shared` (in-process mode, one interpreter for every run: Pyodide) keeps one hook per
    interpreter by leaving the switch on `sys`, where learner code can reach it: in-process grading
    is for a learner grading their own code. A supervised runner never exposes its switch.

    Everything the hook uses is bound here: learner code can replace the runner's globals (through
    a finder's methods) and the standard library's functions, and the hook must not call either.
    Frames may be read only by code objects named in switch[2] (this runner's read_frames) and by
    traceback.clear_frames (unittest calls it), compared by identity, not by name."""
    if shared:
        existing = getattr(sys, "_strata_guard_switch", None)
        if existing is not None:
            return existing
    switch = [False, set(), set()]  # [learner code may run, the tests' code objects, frame readers]
    busy = [False]
    blocked = dict(BLOCKED_EVENTS)
    frame_attributes = frozenset(("tb_frame", "gi_frame", "cr_frame", "ag_frame"))
    guarded_attributes = frozenset(("__code__", "__defaults__", "__kwdefaults__"))
    stdlib_readers = frozenset((traceback.clear_frames.__code__,))
    getframe = sys._getframe
    function_type = types.FunctionType
    code_of = types.FunctionType.__code__.__get__

    def hook(event, args, _type=type, _len=len, _str=str, _value=ValueError, _runtime=RuntimeError, _attribute=AttributeError):
        if not switch[0] or busy[0] or _type(event) is not _str:
            return
        if event == "sys._getframe":
            raise _value("graded code may not use sys._getframe (frames of the grader)")
        if event in blocked:
            raise _runtime("graded code may not use %s" % blocked[event])
        if event.startswith("ctypes."):
            raise _runtime("graded code may not use ctypes")
        if _len(args) < 2 or _type(args[1]) is not _str:
            return
        if event == "object.__setattr__" and args[1] in guarded_attributes:
            if _type(args[0]) is function_type and code_of(args[0]) in switch[1]:
                raise _runtime("graded code may not use changes to %s of the grader's or the tests' functions" % args[1])
        if event == "object.__getattr__" and args[1] in frame_attributes:
            busy[0] = True
            try:
                caller = getframe(1).f_code
            finally:
                busy[0] = False
            if caller not in switch[2] and caller not in stdlib_readers:
                raise _attribute("graded code may not use %s (frames of the grader)" % args[1])

    if hasattr(sys, "addaudithook"):  # CPython and Pyodide; not every interpreter has audit hooks
        sys.addaudithook(hook)
    if shared:
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


# ---------------------------------------------------------------- describing a failure


FRAME_LIMIT = 20  # a RecursionError has ~1000 frames: the first 5 and the last 15 are kept
VALUE_LIMIT = 300

# The role of the first arguments of a unittest assertion, by position after self: most compare
# (actual, expected), the way every exercise writes them (self.assertEqual(total(rows), 42)).
ASSERTION_VALUES = {
    "assertEqual": ("actual", "expected"),
    "assertNotEqual": ("actual", "expected"),
    "assertAlmostEqual": ("actual", "expected"),
    "assertNotAlmostEqual": ("actual", "expected"),
    "assertCountEqual": ("actual", "expected"),
    "assertMultiLineEqual": ("actual", "expected"),
    "assertSequenceEqual": ("actual", "expected"),
    "assertListEqual": ("actual", "expected"),
    "assertTupleEqual": ("actual", "expected"),
    "assertSetEqual": ("actual", "expected"),
    "assertDictEqual": ("actual", "expected"),
    "assertIs": ("actual", "expected"),
    "assertIsNot": ("actual", "expected"),
    "assertLess": ("actual", "expected"),
    "assertLessEqual": ("actual", "expected"),
    "assertGreater": ("actual", "expected"),
    "assertGreaterEqual": ("actual", "expected"),
    "assertRegex": ("actual", "expected"),
    "assertNotRegex": ("actual", "expected"),
    "assertIsInstance": ("actual", "expected"),
    "assertNotIsInstance": ("actual", "expected"),
    "assertIn": ("expected", "actual"),
    "assertNotIn": ("expected", "actual"),
    "assertTrue": ("actual",),
    "assertFalse": ("actual",),
    "assertIsNone": ("actual",),
    "assertIsNotNone": ("actual",),
    "assertRaises": ("expected",),
    "assertRaisesRegex": ("expected",),
    "assertWarns": ("expected",),
    "assertWarnsRegex": ("expected",),
    "fail": (),
}


def read_frames(tb, where, _type=type, _len=len, _tb_type=types.TracebackType):
    """The traceback's frames as (role, path, line, function): the tests' (role "test") and the
    learner's files' ("learner", path relative to the project); the standard library, frozen
    modules, generated code and the grader's own frames are left out. Also the unittest assertion
    the test called, as (method, its first two arguments, msg, self), or None.

    The guard lets this function, and no other code of the grader's or the learner's, read a
    traceback's frames (prepare() names its code object). It touches only traceback, frame and code
    objects and strings, and calls nothing learner code could have replaced (its builtins are bound
    here), so no learner code runs while frames are in hand."""
    frames, assertion, previous = [], None, None
    package = where["package"] + "/"
    root = where["workdir"] + "/"
    while tb is not None and _type(tb) is _tb_type:
        frame = tb.tb_frame
        code = frame.f_code
        filename = code.co_filename
        role = path = None
        if _type(filename) is str:  # always, for a real code object
            if filename.startswith(package):
                role, path = "test", filename
            elif filename.startswith(root):
                path = filename[_len(root):]
                if not path.startswith((".strata/", "tests/", "hidden/")) and "/../" not in path:
                    role = "learner"
        if role is not None:
            frames.append((role, path, tb.tb_lineno, code.co_name))
        elif previous == "test" and assertion is None and _type(filename) is str and "/unittest/" in filename:
            names = code.co_varnames[: code.co_argcount]
            local = frame.f_locals
            assertion = (code.co_name, [local.get(name) for name in names[1:3]], local.get("msg"), local.get("self"))
        previous = role
        tb = tb.tb_next
    omitted = _len(frames) - FRAME_LIMIT
    if omitted <= 0:
        return frames, 0, assertion
    return frames[:5] + frames[5 + omitted :], omitted, assertion


def show_value(value):
    """A short repr of a compared value (a class by its name), or None. May run learner code (a
    __repr__): called with the guard on."""
    try:
        if isinstance(value, type):
            return value.__qualname__
        if isinstance(value, tuple) and value and all(isinstance(item, type) for item in value):
            return " or ".join(item.__qualname__ for item in value)
        text = repr(value)
        if not isinstance(text, str):
            return None
        return text if len(text) <= VALUE_LIMIT else text[: VALUE_LIMIT - 3] + "..."
    except BaseException:
        return None


def exception_name(kind):
    """The exception's class as Python prints it (module-qualified unless a builtin)."""
    try:
        module, name = kind.__module__, kind.__qualname__
        return name if module in ("builtins", "__main__") else "%s.%s" % (module, name)
    except BaseException:
        return "exception"


def source_line(role, path, line, where):
    """The stripped source line of a frame; never for a hidden test (its source stays hidden)."""
    if role == "test" and not where["showSource"]:
        return None
    try:
        text = linecache.getline(path if role == "test" else os.path.join(where["workdir"], path), line)
        return text.strip()[:200] or None
    except BaseException:
        return None


def syntax_location(value, where):
    """(location, message, source line) of a SyntaxError in one of the learner's files, or None."""
    try:
        filename = value.filename
        if not isinstance(filename, str) or not filename:
            return None
        root = where["workdir"] + os.sep
        path = filename[len(root):] if filename.startswith(root) else filename
        full = os.path.join(where["workdir"], path)
        if os.path.isabs(path) or path.startswith((".strata/", "tests/", "hidden/", "..")) or not os.path.isfile(full):
            return None
        line = value.lineno if isinstance(value.lineno, int) and value.lineno > 0 else 1
        column = value.offset if isinstance(value.offset, int) and value.offset > 0 else None
        text = value.text if isinstance(value.text, str) else None
        return {"file": path, "line": line, "column": column}, str(value.msg), text
    except BaseException:
        return None


def read_assertion(failure, assertion):
    """Fills in what a unittest assertion compared (reprs, with the guard on)."""
    method, values, note, context = assertion
    if method == "__exit__":
        # `with self.assertRaises(X):` ended without X: unittest's context object holds X
        expected = getattr(context, "expected", None)
        if expected is None:
            return
        method = "assertWarns" if "Warn" in type(context).__name__ else "assertRaises"
        values, note = [expected], getattr(context, "msg", None)
    if method not in ASSERTION_VALUES:
        return
    failure["assertion"] = method
    for role, value in zip(ASSERTION_VALUES[method], values):
        failure[role] = show_value(value)
    if isinstance(note, str) and note == failure["message"]:
        # assertTrue and most others replace msg with unittest's own "<standard> : <msg>" before
        # raising: keep the test author's part, if there was one
        note = note.split(" : ", 1)[1] if " : " in note else None
    if isinstance(note, str) and note:
        failure["note"] = clip(note, 500)


def describe_failure(err, switch, where, _read_frames=read_frames, _type=type, _tb_type=types.TracebackType):
    """A failure as (text, structure). The text is a traceback of the tests' and the learner's
    frames only, with paths relative to the project, then the exception; the structure holds the
    same frames, the exception, what a unittest assertion compared, and the line in the learner's
    files to open. It runs with the guard on, whatever the caller had: a __str__, a __repr__ or an
    attribute of the exception may be learner code. Callers hold this function (and read_frames)
    from before any learner code ran: learner code can replace the runner's globals."""
    was = switch[0]
    switch[0] = True
    try:
        kind, value, tb = err
        if _type(tb) is not _tb_type:
            tb = None
        try:
            frames, omitted, assertion = _read_frames(tb, where)
        except BaseException:
            frames, omitted, assertion = [], 0, None
        name = exception_name(kind)
        try:
            # Paths in the message relative to the project, as in the frames: the working folder
            # differs between runtimes (/work, /home/pyodide/work/3) and means nothing to a learner.
            text = str(value).replace(where["workdir"] + os.sep, "")
        except BaseException:
            text = "(its message could not be shown)"
        failure = {
            "exception": name,
            "message": clip(text, 2000),
            "assertion": None,
            "expected": None,
            "actual": None,
            "note": None,
            "frames": [],
            "framesOmitted": omitted,
            "location": None,
        }
        lines = ["Traceback (most recent call last):\n"]
        for index, (role, path, line, function) in enumerate(frames):
            code = source_line(role, path, line, where)
            failure["frames"].append({"file": path, "line": line, "function": function, "code": code, "role": role})
            lines.append('  File "%s", line %d, in %s\n' % (path, line, function))
            if code:
                lines.append("    %s\n" % code)
            if omitted and index == 4:
                lines.append("  [%d more frames]\n" % omitted)
            if role == "learner":
                failure["location"] = {"file": path, "line": line, "column": None}
        syntax = syntax_location(value, where) if isinstance(value, SyntaxError) else None
        if syntax is not None:
            failure["location"], failure["message"] = syntax[0], clip(syntax[1], 2000)
            lines.append('  File "%s", line %d\n' % (syntax[0]["file"], syntax[0]["line"]))
            source = (syntax[2] or "").rstrip("\n")
            if source.strip():
                lines.append("    %s\n" % source.strip())
                if syntax[0]["column"]:
                    indent = len(source) - len(source.lstrip())
                    lines.append("    %s^\n" % (" " * max(0, syntax[0]["column"] - 1 - indent)))
            text = failure["message"]
        if assertion is not None:
            read_assertion(failure, assertion)
        lines.append("%s: %s\n" % (name, text) if text else "%s\n" % name)
        return "".join(lines), failure
    except BaseException:  # a hostile exception
        return "exception (its message could not be shown)", None
    finally:
        switch[0] = was


# ---------------------------------------------------------------- running tests


def make_result_class(base, where, describe=describe_failure, exc_info=sys.exc_info):
    """The result class of one suite. Its methods reach describe_failure and sys.exc_info through
    this call's closure, bound before learner code runs: learner code can replace the runner's
    globals (they are reachable through a finder's methods), and describe_failure handles the guard."""

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
            self.outcome = [None, None, None]
            self.current = test.id()
            self._emit({"e": "start", "t": self.current})

        def worse(self, status, message, failure=None, rank=dict(STATUS_RANK)):
            if self.outcome is None:
                return
            if self.outcome[0] is None or rank[status] > rank[self.outcome[0]]:
                self.outcome = [status, message, failure]

        def addSuccess(self, test):
            self.worse("pass", None)

        def addExpectedFailure(self, test, err):
            self.worse("pass", None)

        def addError(self, test, err):
            message, failure = describe(err, self._switch, where)
            if isinstance(test, unittest.TestCase) and self.outcome is not None:
                self.worse("error", message, failure)
            else:  # setUpClass / setUpModule failures arrive on a placeholder
                self._emit({"e": "fixture", "where": str(test), "msg": clip(message)})

        def addFailure(self, test, err):
            self.worse("fail", *describe(err, self._switch, where))

        def addSubTest(self, test, subtest, err):
            if err is not None:
                failed = issubclass(err[0], test.failureException)
                message, failure = describe(err, self._switch, where)
                if failure is not None:
                    label = getattr(subtest, "_subDescription", None)  # "(i=2)", without the test's id
                    failure["subtest"] = clip(str(label() if callable(label) else subtest), 500)
                self.worse("fail" if failed else "error", "%s\n%s" % (subtest, message), failure)

        def addSkip(self, test, reason):
            if self.outcome is not None:
                self.outcome = ["skipped", str(reason), None]

        def addUnexpectedSuccess(self, test):
            self.worse("fail", "unexpected success (the test is marked expectedFailure)")

        def stopTest(self, test):
            base.stopTest(self, test)
            self._flush()
            status, message, failure = self.outcome or [None, None, None]
            if status is None:
                # unittest lets KeyboardInterrupt through and calls stopTest on the way out: a test
                # with no recorded outcome did not pass.
                escaping = exc_info()
                if escaping[0] is not None:
                    status = "error"
                    message, failure = describe(escaping, self._switch, where)
                else:
                    status, message = "error", "the test ended without an outcome"
            changed = self._check()
            if changed:
                self.tampered = changed
                status, failure = "error", None
                message = (
                    "the grader's test machinery was tampered with (%s was replaced), so this run's "
                    "results cannot be trusted" % changed
                )
            self._emit({"e": "end", "t": test.id(), "s": status, "msg": clip(message or ""), "f": failure})
            self.outcome = None

    return StreamingResult


def run_tests(tests, emit, flush, switch, finder, codes, test_case, result_class, where, describe=describe_failure, exc_info=sys.exc_info):
    """Imports every test module first (and checks what was imported), then runs the tests in
    order. The guard goes on before the first import and stays on: once learner code has run, it
    may have replaced what the runner calls (a stream's flush, a module's function), and what it
    left behind must run guarded. describe and exc_info are bound here, before learner code runs
    (see make_result_class)."""
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
        except BaseException:  # SystemExit, KeyboardInterrupt, anything the learner raises
            message, failure = describe(exc_info(), switch, where)
            flush()
            emit({"e": "import_error", "m": name, "msg": clip(message), "f": failure})
            module = None
        else:
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
        except BaseException:  # KeyboardInterrupt escapes unittest; charge it to the running test
            message, failure = describe(exc_info(), switch, where)
            message = clip(message)
            if result.outcome is not None and result.current not in done:
                flush()
                emit({"e": "end", "t": result.current, "s": "error", "msg": message, "f": failure})
            else:
                emit({"e": "fixture", "where": "test run", "msg": message})
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


def prepare(setup, workdir, shared=False):
    """Everything done before learner code may run: imports, the guard, the path, the finders.
    `where` tells describe_failure which frames are the tests' and the learner's."""
    switch = install_guard(shared)
    modules, codes, errors = compile_suite(setup["suite"])
    switch[1] = codes | runner_codes()
    switch[2] = {read_frames.__code__}
    where = {
        "workdir": workdir,
        "package": setup["suite"]["package"],
        "showSource": bool(setup["suite"].get("showSource", False)),
    }
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
    return switch, finder, codes, errors, where


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


def make_encoder(escape=json.encoder.encode_basestring_ascii, _type=type, _str=str, _int=int, _bool=bool, _list=list, _tuple=tuple, _dict=dict, _repr=int.__repr__):
    """JSON for events, made of bound functions only: json.dumps looks up its encoder in the json
    module at every call, and learner code could replace that encoder with one that writes a
    verdict of its choosing, which emit would then sign with the key. Values of other types than
    the runner's own (exact str, int, bool, None, list, dict) become null."""

    def encode(value):
        kind = _type(value)
        if value is None:
            return "null"
        if kind is _bool:
            return "true" if value else "false"
        if kind is _str:
            return escape(value)
        if kind is _int:
            return _repr(value)
        if kind is _list or kind is _tuple:
            return "[" + ",".join([encode(item) for item in value]) + "]"
        if kind is _dict:
            return "{" + ",".join([escape(k) + ":" + encode(v) for k, v in value.items() if _type(k) is _str]) + "}"
        return "null"

    return encode


def child_main(setup=None):
    """Supervised mode: a fresh interpreter started by the harness, whose setup arrives on stdin
    (then stdin is /dev/null), or a fork of the harness, which passes the setup. Events go to the
    pipe named in the setup, each line prefixed with the key, which stays in this function's
    closures."""
    if setup is None:
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
    dumps = make_encoder()

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

    switch, finder, codes, errors, where = prepare(setup, workdir)
    del setup["key"]
    lower_limits(setup.get("limits") or {})
    for error in errors:
        emit({"e": "fixture", "where": "compile", "msg": error})
    result_class = make_result_class(unittest.TestResult, where)
    try:
        run_tests(setup["tests"], emit, flush, switch, finder, codes, unittest.TestCase, result_class, where)
        flush()
        emit({"e": "done"})
    except BaseException:
        pass
    os._exit(0)


if __name__ == "__main__":
    child_main()

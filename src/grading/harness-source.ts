// The grading harness, in Python (standard library only). It is shipped as a string so the pure
// grading layer can hand it to any PythonRuntime: local python3, Pyodide or WebContainer.
// tests/unit/grading/harness.test.ts runs it under the real python3.

/** Path of the harness inside the runtime's working tree. Learner files there are ignored. */
export const HARNESS_PATH = '.strata/harness.py';

/** Version of the spec / report protocol between the grader and the harness. */
export const HARNESS_PROTOCOL = 1;

export const HARNESS_SOURCE = String.raw`
"""Strata grading harness: runs unittest suites for one learner project and reports the results.

Standard library only; runs under CPython >= 3.10 and Pyodide. Two modes:

* supervised (os.fork available): this process never imports learner code. It loads the test
  sources into memory, forks a child that runs the tests, and watches it through two pipes: one
  for test events, one for the child's stdout/stderr (capped). A child that exits, hangs or
  crashes is replaced by a fresh one for the remaining tests. The report goes to this process's
  stdout, which learner code cannot reach.
* in-process (no fork, e.g. Pyodide): the tests run here, with output captured and SystemExit /
  KeyboardInterrupt contained; the runtime's own time limit and interrupt stop runaway code.

The spec (JSON) comes from stdin ("--spec -") or a file; hidden tests never need to touch disk.
"""

import ast
import importlib.abc
import importlib.util
import io
import json
import linecache
import os
import sys
import time
import traceback
import unittest

PROTOCOL = 1
MESSAGE_LIMIT = 4000
DEFAULT_OUTPUT_LIMIT = 8192
STATUS_RANK = {"pass": 0, "skipped": 1, "fail": 2, "error": 3, "timeout": 4}

try:
    import resource
except ImportError:  # Pyodide, Windows
    resource = None
try:
    import select
    import signal
except ImportError:
    select = None
    signal = None


def clip(text, limit=MESSAGE_LIMIT):
    if len(text) <= limit:
        return text
    return text[:limit] + "\n... [%d characters truncated]" % (len(text) - limit)


# ---------------------------------------------------------------- spec and test discovery


def parse_args(argv):
    opts = {"spec": "-", "results": None, "workdir": os.getcwd(), "mode": "auto"}
    i = 0
    while i < len(argv):
        key = argv[i].lstrip("-")
        if key in opts and i + 1 < len(argv):
            opts[key] = argv[i + 1]
            i += 2
        else:
            raise SystemExit("harness: unknown argument %r" % argv[i])
    return opts


def read_spec(source):
    if source == "-":
        data = sys.stdin.buffer.read()
    else:
        with open(source, "rb") as handle:
            data = handle.read()
    return json.loads(data.decode("utf-8"))


def base_name(node):
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return None


def discover(tree):
    """Test methods per TestCase class, found statically so learner code cannot hide or add tests."""
    known = {}
    docs = {}
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        is_test, inherited = False, []
        for base in map(base_name, node.bases):
            if base in known:
                is_test = True
                inherited.extend(known[base])
            elif base and base.endswith("TestCase"):
                is_test = True
        if not is_test:
            continue
        own = []
        for item in node.body:
            if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef)) and item.name.startswith("test"):
                own.append(item.name)
                doc = ast.get_docstring(item)
                if doc:
                    docs[(node.name, item.name)] = doc.strip().splitlines()[0]
        known[node.name] = sorted(set(inherited + own))
    return [(cls, method, docs.get((cls, method))) for cls in sorted(known) for method in known[cls]]


class Catalog:
    """Every suite's modules compiled in memory, and the tests they define."""

    def __init__(self, spec):
        self.modules = {}  # module name -> (code, is_package)
        self.tests = []  # dicts: id, suite, module, cls, method, doc
        self.errors = []
        for suite in spec.get("suites", []):
            self.add_suite(suite)

    def add_suite(self, suite):
        package = suite["package"]
        files = suite.get("files", {})
        self.modules.setdefault(package, (compile("", package + "/__init__.py", "exec"), True))
        for path in sorted(files):
            if not path.endswith(".py"):
                continue
            parts = path[:-3].split("/")
            is_package = parts[-1] == "__init__"
            if is_package:
                parts = parts[:-1]
            name = ".".join([package] + parts)
            for depth in range(1, len(parts)):
                parent = ".".join([package] + parts[:depth])
                self.modules.setdefault(parent, (compile("", parent.replace(".", "/") + "/__init__.py", "exec"), True))
            filename = package + "/" + path
            source = files[path]
            try:
                tree = ast.parse(source, filename)
                code = compile(tree, filename, "exec")
            except SyntaxError as error:
                self.errors.append("%s: cannot compile test file: %s" % (filename, error))
                continue
            if suite.get("showSource", False):
                lines = source.splitlines(True)
                linecache.cache[filename] = (len(source), None, lines, filename)
            self.modules[name] = (code, is_package)
            if parts[-1].startswith("test") and not is_package:
                for cls, method, doc in discover(tree):
                    self.tests.append(
                        {
                            "id": "%s.%s.%s" % (name, cls, method),
                            "suite": suite["name"],
                            "module": name,
                            "cls": cls,
                            "method": method,
                            "doc": doc,
                        }
                    )


class MemoryFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Serves the test packages from memory: nothing on disk can replace or shadow them."""

    def __init__(self, modules):
        self.modules = modules

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


# ---------------------------------------------------------------- running tests (child side)


class StreamingResult(unittest.TestResult):
    """Sends one event per test start/end through emit."""

    def __init__(self, emit, flush):
        super().__init__()
        self.emit = emit
        self.flush = flush
        self.outcome = None
        self.current = None

    def startTest(self, test):
        super().startTest(test)
        self.outcome = [None, None]
        self.current = test.id()
        self.emit({"e": "start", "t": self.current})

    def worse(self, status, message):
        if self.outcome[0] is None or STATUS_RANK[status] > STATUS_RANK[self.outcome[0]]:
            self.outcome = [status, message]

    def addSuccess(self, test):
        super().addSuccess(test)
        self.worse("pass", None)

    def addExpectedFailure(self, test, err):
        super().addExpectedFailure(test, err)
        self.worse("pass", None)

    def addError(self, test, err):
        message = self.describe(err, test)
        if isinstance(test, unittest.TestCase) and self.outcome is not None:
            self.worse("error", message)
        else:  # setUpClass / setUpModule failures arrive on a placeholder
            self.emit({"e": "fixture", "where": str(test), "msg": clip(message)})

    def addFailure(self, test, err):
        self.worse("fail", self.describe(err, test))

    def addSubTest(self, test, subtest, err):
        if err is not None:
            failed = issubclass(err[0], test.failureException)
            self.worse("fail" if failed else "error", "%s\n%s" % (subtest, self.describe(err, test)))

    def addSkip(self, test, reason):
        self.outcome = ["skipped", reason]

    def addUnexpectedSuccess(self, test):
        self.worse("fail", "unexpected success (the test is marked expectedFailure)")

    def describe(self, err, test):
        try:
            return self._exc_info_to_string(err, test)
        except BaseException:  # a hostile exception whose __str__ raises
            return "%s (its message could not be shown)" % getattr(err[0], "__name__", "exception")

    def stopTest(self, test):
        super().stopTest(test)
        self.flush()
        status, message = self.outcome or [None, None]
        if status is None:
            # unittest lets KeyboardInterrupt through and calls stopTest on the way out: a test
            # with no recorded outcome did not pass.
            if sys.exc_info()[0] is not None:
                status, message = "error", traceback.format_exc()
            else:
                status, message = "error", "the test ended without an outcome"
        self.emit({"e": "end", "t": test.id(), "s": status, "msg": clip(message or "")})
        self.outcome = None


def build_suite(catalog, tests, load):
    suite = unittest.TestSuite()
    for test in tests:
        module = load(test["module"])
        if module is None:
            continue
        cls = getattr(module, test["cls"], None)
        if isinstance(cls, type) and issubclass(cls, unittest.TestCase) and hasattr(cls, test["method"]):
            suite.addTest(cls(test["method"]))
    return suite


def run_tests(catalog, tests, emit, flush):
    """Imports each test module once, then runs the tests; every outcome goes through emit."""
    imported = {}

    def load(name):
        if name in imported:
            return imported[name]
        emit({"e": "import", "m": name})
        try:
            module = importlib.import_module(name)
        except BaseException:  # SystemExit, KeyboardInterrupt, anything the learner's code raises
            flush()
            emit({"e": "import_error", "m": name, "msg": clip(traceback.format_exc())})
            module = None
        else:
            flush()
            emit({"e": "imported", "m": name})
        imported[name] = module
        return module

    remaining = list(tests)
    while remaining:
        result = StreamingResult(emit, flush)
        suite = build_suite(catalog, remaining, load)
        done = set()
        original_stop = result.stopTest

        def stop(test, original_stop=original_stop, done=done):
            done.add(test.id())
            original_stop(test)

        result.stopTest = stop
        try:
            suite.run(result)
        except BaseException:  # KeyboardInterrupt escapes unittest; charge it to the running test
            message = clip(traceback.format_exc())
            if result.outcome is not None and result.current not in done:
                flush()
                emit({"e": "end", "t": result.current, "s": "error", "msg": message})
                done.add(result.current)
            else:
                emit({"e": "fixture", "where": "test run", "msg": message})
        remaining = [t for t in remaining if t["id"] not in done and imported.get(t["module"]) is not None]
        if remaining and not done:
            break  # nothing progressed (e.g. class fixture failed): the supervisor reports the rest


# ---------------------------------------------------------------- supervised mode


def set_child_limits(spec):
    if resource is None:
        return

    def lower(kind, value):
        try:
            soft, hard = resource.getrlimit(kind)
            if hard != resource.RLIM_INFINITY:
                value = min(value, hard)
            resource.setrlimit(kind, (value, hard))
        except (ValueError, OSError):
            pass

    if spec.get("memoryBytes"):
        lower(resource.RLIMIT_AS, int(spec["memoryBytes"]))
    lower(resource.RLIMIT_CPU, int(spec.get("totalSeconds", 30)) + 2)
    lower(resource.RLIMIT_FSIZE, int(spec.get("fileBytes", 16 * 1024 * 1024)))
    if hasattr(resource, "RLIMIT_NPROC") and spec.get("processes"):
        lower(resource.RLIMIT_NPROC, int(spec["processes"]))


def child_main(spec, catalog, tests, event_w, output_w, workdir):
    write = os.write
    dumps = json.dumps
    tag = spec["nonce"].encode("ascii")
    os.setpgid(0, 0)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.dup2(output_w, 1)
    os.dup2(output_w, 2)
    os.closerange(3, event_w)
    os.closerange(event_w + 1, 65536)
    sys.stdin = io.TextIOWrapper(io.FileIO(0, "r", closefd=False))
    sys.stdout = io.TextIOWrapper(io.FileIO(1, "w", closefd=False), encoding="utf-8", errors="replace", line_buffering=True)
    sys.stderr = io.TextIOWrapper(io.FileIO(2, "w", closefd=False), encoding="utf-8", errors="replace", line_buffering=True)
    sys.__stdout__, sys.__stderr__, sys.__stdin__ = sys.stdout, sys.stderr, sys.stdin
    stdout, stderr = sys.stdout, sys.stderr
    set_child_limits(spec)
    os.chdir(workdir)
    sys.path.insert(0, workdir)
    sys.meta_path.insert(0, MemoryFinder(catalog.modules))

    def emit(event):
        data = tag + b" " + dumps(event).encode("utf-8", "replace") + b"\n"
        while data:
            data = data[write(event_w, data):]

    def flush():
        for stream in {id(s): s for s in (sys.stdout, sys.stderr, stdout, stderr)}.values():
            try:
                stream.flush()
            except BaseException:
                pass

    try:
        run_tests(catalog, tests, emit, flush)
        flush()
        emit({"e": "done"})
    except BaseException:
        pass
    os._exit(0)


class Supervisor:
    def __init__(self, spec, catalog, workdir):
        self.spec = spec
        self.catalog = catalog
        self.workdir = workdir
        self.test_seconds = float(spec.get("testSeconds", 5))
        self.deadline_total = time.monotonic() + float(spec.get("totalSeconds", 30))
        self.output_limit = int(spec.get("outputLimit", DEFAULT_OUTPUT_LIMIT))
        self.tag = spec["nonce"].encode("ascii") + b" "
        self.results = {}
        self.pending = list(catalog.tests)
        self.fixture_errors = []

    def record(self, test_id, status, message, output=b"", dropped=0, duration=0.0):
        if test_id in self.results:
            return
        text = output.decode("utf-8", "replace")
        if dropped:
            text += "\n... [%d more bytes of output dropped]" % dropped
        self.results[test_id] = {"status": status, "message": message, "output": text, "ms": round(duration * 1000)}
        self.pending = [t for t in self.pending if t["id"] != test_id]

    def module_tests(self, module):
        return [t["id"] for t in self.pending if t["module"] == module]

    def run(self):
        while self.pending:
            if time.monotonic() >= self.deadline_total:
                self.stop_all("timeout", "not run: the total time limit of %gs was reached" % float(self.spec.get("totalSeconds", 30)))
                break
            before = len(self.pending)
            self.run_child()
            if len(self.pending) == before and self.pending:
                first = self.pending[0]
                note = "; ".join(self.fixture_errors) or "the test process stopped before this test could run"
                self.record(first["id"], "error", clip(note))
        return self.results

    def stop_all(self, status, message):
        for test in list(self.pending):
            self.record(test["id"], status, message)

    def run_child(self):
        event_r, event_w = os.pipe()
        output_r, output_w = os.pipe()
        sys.stdout.flush()
        sys.stderr.flush()
        tests = list(self.pending)
        pid = os.fork()
        if pid == 0:
            try:
                os.close(event_r)
                os.close(output_r)
                child_main(self.spec, self.catalog, tests, event_w, output_w, self.workdir)
            finally:
                os._exit(70)
        os.close(event_w)
        os.close(output_w)
        try:
            self.watch(pid, event_r, output_r, tests)
        finally:
            os.close(event_r)
            os.close(output_r)

    def watch(self, pid, event_r, output_r, tests):
        phase = None  # ("import", module) or ("test", id)
        started = time.monotonic()
        deadline = started + self.test_seconds
        output = bytearray()
        dropped = 0
        pending_events = b""
        open_fds = [event_r, output_r]
        finished = False
        ended_by = None
        exited = None
        while event_r in open_fds:
            now = time.monotonic()
            limit = min(deadline, self.deadline_total)
            if now >= limit:
                ended_by = "total" if self.deadline_total <= deadline else "timeout"
                break
            ready, _, _ = select.select(open_fds, [], [], min(limit - now, 0.25))
            if exited is None:
                # A process the child left behind can hold the pipes open after the child is
                # gone: notice the exit itself, then read what the child managed to send.
                done, code = os.waitpid(pid, os.WNOHANG)
                if done == pid:
                    exited = code
            if exited is not None:
                if output_r in open_fds:
                    open_fds.remove(output_r)
                if not select.select([event_r], [], [], 0)[0]:
                    break
                ready = [event_r]
            if output_r in ready:
                chunk = os.read(output_r, 65536)
                if not chunk:
                    open_fds.remove(output_r)
                else:
                    room = self.output_limit - len(output)
                    if room > 0:
                        output += chunk[:room]
                    dropped += max(0, len(chunk) - max(room, 0))
            if event_r in ready:
                chunk = os.read(event_r, 65536)
                if not chunk:
                    open_fds.remove(event_r)
                    continue
                pending_events += chunk
                *lines, pending_events = pending_events.split(b"\n")
                for line in lines:
                    if not line.startswith(self.tag):
                        continue
                    try:
                        event = json.loads(line[len(self.tag):])
                    except ValueError:
                        continue
                    kind = event.get("e")
                    now = time.monotonic()
                    deadline = now + self.test_seconds
                    if kind == "import":
                        phase = ("import", event.get("m"))
                    elif kind == "import_error":
                        output, dropped = self.drain(output_r, output, dropped)
                        module = event.get("m")
                        message = "importing %s failed:\n%s" % (module, event.get("msg", ""))
                        for test_id in self.module_tests(module):
                            self.record(test_id, "error", message, bytes(output), dropped)
                        output, dropped, phase = bytearray(), 0, None
                    elif kind == "imported":
                        phase = None
                    elif kind == "start":
                        phase = ("test", event.get("t"))
                        started = now
                    elif kind == "end":
                        output, dropped = self.drain(output_r, output, dropped)
                        if phase == ("test", event.get("t")):
                            status = event.get("s")
                            if status not in STATUS_RANK:
                                status = "error"
                            self.record(event["t"], status, str(event.get("msg", "")), bytes(output), dropped, now - started)
                        output, dropped, phase = bytearray(), 0, None
                    elif kind == "fixture":
                        self.fixture_errors.append("%s: %s" % (event.get("where"), event.get("msg")))
                    elif kind == "done":
                        finished = True
        self.kill(pid)
        status = self.reap(pid, exited)
        output, dropped = self.drain(output_r, output, dropped)
        if finished and phase is None:
            note = "; ".join(self.fixture_errors) or "the test did not run"
            for test in [t for t in self.pending if t["id"] in {x["id"] for x in tests}]:
                self.record(test["id"], "error", clip("did not run: " + note))
            return
        duration = time.monotonic() - started
        if ended_by == "total":
            reason = "timeout", "the total time limit of %gs was reached" % float(self.spec.get("totalSeconds", 30))
        elif ended_by == "timeout":
            reason = "timeout", "took longer than the %gs limit per test" % self.test_seconds
        else:
            reason = "error", "the test process ended unexpectedly (%s)" % status
        if phase and phase[0] == "test":
            self.record(phase[1], reason[0], reason[1], bytes(output), dropped, duration)
        elif phase and phase[0] == "import":
            message = "importing %s: %s" % (phase[1], reason[1])
            for test_id in self.module_tests(phase[1]):
                self.record(test_id, reason[0], message, bytes(output), dropped)
        elif ended_by == "total":
            self.stop_all("timeout", "not run: " + reason[1])

    def drain(self, fd, output, dropped):
        # Bounded: a process the learner detached could keep writing to this pipe forever.
        stop = time.monotonic() + 0.2
        while time.monotonic() < stop and select.select([fd], [], [], 0)[0]:
            try:
                chunk = os.read(fd, 65536)
            except OSError:
                break
            if not chunk:
                break
            room = self.output_limit - len(output)
            if room > 0:
                output += chunk[:room]
            dropped += max(0, len(chunk) - max(room, 0))
        return output, dropped

    def kill(self, pid):
        for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
            try:
                target()
            except OSError:
                pass

    def reap(self, pid, status=None):
        if status is None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                return "unknown status"
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            try:
                name = signal.Signals(number).name
            except ValueError:
                name = str(number)
            hints = {"SIGXCPU": "CPU time limit", "SIGKILL": "killed", "SIGSEGV": "crash"}
            return "signal %s%s" % (name, " (%s)" % hints[name] if name in hints else "")
        return "exit code %d" % os.WEXITSTATUS(status)


# ---------------------------------------------------------------- in-process mode


class CappedWriter(io.TextIOBase):
    def __init__(self, limit):
        self.limit = limit
        self.parts = []
        self.size = 0
        self.dropped = 0

    def writable(self):
        return True

    def write(self, text):
        text = str(text)
        room = self.limit - self.size
        if room > 0:
            self.parts.append(text[:room])
            self.size += min(len(text), room)
        self.dropped += max(0, len(text) - max(room, 0))
        return len(text)

    def take(self):
        text = "".join(self.parts)
        if self.dropped:
            text += "\n... [%d more characters of output dropped]" % self.dropped
        self.parts, self.size, self.dropped = [], 0, 0
        return text


class InProcessTimeout(BaseException):
    pass


def run_in_process(spec, catalog, workdir):
    limit = int(spec.get("outputLimit", DEFAULT_OUTPUT_LIMIT))
    test_seconds = float(spec.get("testSeconds", 5))
    results = {}
    writer = CappedWriter(limit)
    saved = sys.stdout, sys.stderr
    state = {"phase": None, "started": 0.0}
    can_alarm = signal is not None and hasattr(signal, "setitimer")

    def on_alarm(signum, frame):
        raise InProcessTimeout("took longer than the %gs limit per test" % test_seconds)

    if can_alarm:
        try:
            signal.signal(signal.SIGALRM, on_alarm)
        except (ValueError, OSError):
            can_alarm = False

    def arm():
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, test_seconds)

    def emit(event):
        kind = event["e"]
        if kind in ("import", "start"):
            state["phase"] = event.get("t") or event.get("m")
            state["started"] = time.monotonic()
            arm()
        elif kind == "end":
            if can_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
            status, message = event["s"], event["msg"]
            if "InProcessTimeout" in message:
                status = "timeout"
            results[event["t"]] = {
                "status": status,
                "message": message,
                "output": writer.take(),
                "ms": round((time.monotonic() - state["started"]) * 1000),
            }
        elif kind == "import_error":
            if can_alarm:
                signal.setitimer(signal.ITIMER_REAL, 0)
            output = writer.take()
            for test in catalog.tests:
                if test["module"] == event["m"]:
                    results[test["id"]] = {"status": "error", "message": "importing %s failed:\n%s" % (event["m"], event["msg"]), "output": output, "ms": 0}
        elif kind == "imported" and can_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)

    sys.path.insert(0, workdir)
    sys.meta_path.insert(0, MemoryFinder(catalog.modules))
    os.chdir(workdir)
    sys.stdout = sys.stderr = writer
    try:
        run_tests(catalog, catalog.tests, emit, lambda: None)
    except BaseException:
        pass
    finally:
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
        sys.stdout, sys.stderr = saved
    for test in catalog.tests:
        results.setdefault(test["id"], {"status": "error", "message": "the test did not run", "output": "", "ms": 0})
    return results


# ---------------------------------------------------------------- main


def main(argv):
    started = time.monotonic()
    opts = parse_args(argv)
    report_fd = os.dup(1)
    spec = read_spec(opts["spec"])
    catalog = Catalog(spec)
    spec.pop("suites", None)  # keep only compiled code: test sources are not left lying around
    workdir = os.path.abspath(opts["workdir"])
    while workdir in sys.path:
        sys.path.remove(workdir)
    mode = opts["mode"] if opts["mode"] != "auto" else spec.get("mode", "auto")
    if mode == "auto":
        # Pyodide (emscripten) and WASI have an os.fork that only raises.
        can_fork = hasattr(os, "fork") and sys.platform not in ("emscripten", "wasi")
        mode = "fork" if can_fork and select is not None and signal is not None else "inprocess"
    if mode == "fork":
        results = Supervisor(spec, catalog, workdir).run()
    else:
        results = run_in_process(spec, catalog, workdir)
    report = {
        "protocol": PROTOCOL,
        "nonce": spec["nonce"],
        "python": "%d.%d.%d" % sys.version_info[:3],
        "implementation": sys.implementation.name,
        "mode": mode,
        "errors": catalog.errors,
        "tests": [],
        "durationMs": round((time.monotonic() - started) * 1000),
    }
    for test in catalog.tests:
        outcome = results.get(test["id"]) or {"status": "error", "message": "no result", "output": "", "ms": 0}
        report["tests"].append(
            {
                "id": test["id"],
                "suite": test["suite"],
                "module": test["module"],
                "className": test["cls"],
                "method": test["method"],
                "description": test["doc"],
                "status": outcome["status"],
                "message": outcome["message"],
                "output": outcome["output"],
                "durationMs": outcome["ms"],
            }
        )
    text = json.dumps(report, ensure_ascii=False)
    if opts["results"]:
        with open(opts["results"], "w", encoding="utf-8") as handle:
            handle.write(text)
    framed = "\n@@STRATA-RESULTS %s\n%s\n@@STRATA-END %s\n" % (spec["nonce"], text, spec["nonce"])
    data = framed.encode("utf-8")
    while data:
        data = data[os.write(report_fd, data):]
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
`;

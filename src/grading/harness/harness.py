"""Strata grading harness: runs one suite of unittest tests (visible or hidden) for a learner project
and reports a verdict per test.

Standard library only; CPython >= 3.10 and Pyodide. The grader starts it once per suite, so hidden
tests never share a process with visible ones. Two modes:

* supervised (CPython with fork/exec): this process never imports learner code. It starts a
  fresh interpreter running runner.py (not a fork: nothing of this process's memory, such as the
  nonce, is copied into it), sends it the suite over a pipe, and records the events the runner
  sends back. A runner that exits, hangs, crashes or is caught forging events is replaced by a
  fresh one for the remaining tests. Inside the grader's sandbox this process is PID 1 of its
  namespace: learner code cannot signal, trace or read it, and it ends every leftover process
  after each runner. The report goes to this process's stdout, which learner code cannot reach.
* in-process (no fork, e.g. Pyodide in the browser): runner.py's code runs here, with output
  captured and SystemExit / KeyboardInterrupt contained.

The spec (JSON) comes from stdin ("--spec -") or a file; hidden tests never need to touch disk.
"""

import ast
import gc
import json
import os
import sys
import time

PROTOCOL = 3
DEFAULT_OUTPUT_LIMIT = 8192
RUNNER_FILE = "runner.py"

try:
    import select
    import signal
except ImportError:  # pragma: no cover - Pyodide has both, WASI may not
    select = None
    signal = None


def clip(text, limit=4000):
    if len(text) <= limit:
        return text
    return text[:limit] + "\n... [%d characters truncated]" % (len(text) - limit)


def text_or_none(value, limit):
    return clip(value, limit) if type(value) is str and value else None


def count(value, least=0):
    return value if type(value) is int and value >= least else None


def clean_failure(value, phase="test"):
    """The runner's structured failure, checked field by field (the report must match its schema
    whatever the runner sent), or None."""
    if type(value) is not dict or type(value.get("exception")) is not str:
        return None
    frames = []
    for frame in value.get("frames") if type(value.get("frames")) is list else []:
        if type(frame) is not dict or frame.get("role") not in ("test", "learner"):
            continue
        path, line = text_or_none(frame.get("file"), 300), count(frame.get("line"), 1)
        if path is None or line is None:
            continue
        frames.append(
            {
                "file": path,
                "line": line,
                "function": text_or_none(frame.get("function"), 200) or "?",
                "code": text_or_none(frame.get("code"), 200),
                "role": frame["role"],
            }
        )
    location = value.get("location")
    if type(location) is dict and text_or_none(location.get("file"), 300) and count(location.get("line"), 1):
        location = {
            "file": clip(location["file"], 300),
            "line": location["line"],
            "column": count(location.get("column"), 1),
        }
    else:
        location = None
    return {
        "phase": phase,
        "exception": clip(value["exception"], 200) or "exception",
        "message": text_or_none(value.get("message"), 2000) or "",
        "assertion": text_or_none(value.get("assertion"), 60),
        "expected": text_or_none(value.get("expected"), 400),
        "actual": text_or_none(value.get("actual"), 400),
        "note": text_or_none(value.get("note"), 600),
        "subtest": text_or_none(value.get("subtest"), 600),
        "frames": frames[:20],
        "framesOmitted": count(value.get("framesOmitted")) or 0,
        "location": location,
    }


def parse_args(argv):
    opts = {"spec": "-", "results": None, "workdir": os.getcwd(), "mode": "auto", "runner": "spawn"}
    i = 0
    while i < len(argv):
        key = argv[i].lstrip("-")
        if key in opts and i + 1 < len(argv):
            opts[key] = argv[i + 1]
            i += 2
        else:
            raise SystemExit("harness: unknown argument %r" % argv[i])
    return opts


class SpecSource:
    """The spec: whole (JSON in a file, or on stdin), or in frames on stdin. A frame is a length
    line and that many bytes of JSON: first the spec without its suites and its nonce (with
    "suites": how many follow), then one frame per suite, then {"nonce": ...}. Frames are read with
    exact reads when needed, so a runner forked before the next frame was read holds none of it:
    the visible tests' runner never holds the hidden tests, and no runner holds the nonce."""

    def __init__(self, source):
        self.framed = False
        self.whole = None
        if source != "-":
            with open(source, "rb") as handle:
                self.whole = json.loads(handle.read().decode("utf-8"))
            return
        first = os.read(0, 1)
        if first.isdigit():
            self.framed = True
            self.pending = first
            return
        chunks = [first]
        while True:
            chunk = os.read(0, 1 << 20)
            if not chunk:
                break
            chunks.append(chunk)
        self.whole = json.loads(b"".join(chunks).decode("utf-8"))

    def frame(self):
        header = self.pending
        self.pending = b""
        while not header.endswith(b"\n"):
            byte = os.read(0, 1)
            if not byte or len(header) > 20:
                raise SystemExit("harness: the spec on stdin was cut off")
            header += byte
        count = int(header)
        chunks = []
        while count > 0:
            chunk = os.read(0, min(count, 1 << 20))
            if not chunk:
                raise SystemExit("harness: the spec on stdin was cut off")
            chunks.append(chunk)
            count -= len(chunk)
        return json.loads(b"".join(chunks).decode("utf-8"))

    def header(self):
        if not self.framed:
            return {key: value for key, value in self.whole.items() if key not in ("suites", "nonce")}
        self.header_frame = self.frame()
        return {key: value for key, value in self.header_frame.items() if key != "suites"}

    def suites(self):
        if not self.framed:
            yield from self.whole.get("suites", [])
            return
        for _ in range(int(self.header_frame.get("suites", 0))):
            yield self.frame()

    def nonce(self):
        return self.whole["nonce"] if not self.framed else self.frame()["nonce"]


# ---------------------------------------------------------------- test discovery


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


def catalog(suite):
    """The tests a suite defines, in a stable order, and the files that could not be parsed."""
    tests, errors = [], []
    package = suite["package"]
    for path in sorted(suite.get("files", {})):
        if not path.endswith(".py"):
            continue
        parts = path[:-3].split("/")
        if parts[-1] == "__init__" or not parts[-1].startswith("test"):
            continue
        name = ".".join([package] + parts)
        try:
            tree = ast.parse(suite["files"][path], package + "/" + path)
        except SyntaxError as error:
            errors.append("%s/%s: cannot compile test file: %s" % (package, path, error))
            continue
        for cls, method, doc in discover(tree):
            tests.append(
                {
                    "id": "%s.%s.%s" % (name, cls, method),
                    "suite": suite["name"],
                    "module": name,
                    "cls": cls,
                    "method": method,
                    "doc": doc,
                }
            )
    return tests, errors


# ---------------------------------------------------------------- the learner's files


def refuse_shadows(workdir, owned=(".strata", "tests", "hidden", "__pycache__")):
    """Removes top-level learner files named like a standard-library module (they would not be
    imported anyway: the learner's folder comes after the standard library) and says which."""
    names = set(getattr(sys, "stdlib_module_names", ())) | set(sys.builtin_module_names)
    refused = []
    for entry in sorted(os.listdir(workdir)):
        if entry in owned:
            continue
        path = os.path.join(workdir, entry)
        module = entry[:-3] if entry.endswith(".py") and os.path.isfile(path) else entry
        if module == entry and not os.path.isdir(path):
            continue
        if module in names:
            refused.append(
                "refused %s%s: it has the name of the standard-library module %r; rename it"
                % (entry, "/" if os.path.isdir(path) else "", module)
            )
            if os.path.isdir(path):
                for folder, dirs, files in os.walk(path, topdown=False):
                    for name in files:
                        os.remove(os.path.join(folder, name))
                    for name in dirs:
                        os.rmdir(os.path.join(folder, name))
                os.rmdir(path)
            else:
                os.remove(path)
    return refused


def runner_source():
    with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), RUNNER_FILE), encoding="utf-8") as handle:
        return handle.read()


# What a runner started as `python3 -I -S -B -c <runner.py>` finds: this environment, argv ["-c"].
RUNNER_ENV = {"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}


class Preloaded:
    """runner.py imported (with unittest and everything else it imports) in this process, before
    any suite is read and before learner code exists anywhere, so that each suite's runner is a
    fork of this process instead of a new interpreter. `path` is sys.path as the interpreter
    started (-I -S: the standard library only). `source` is runner.py's text, or its code object
    (compiled by the grader with this same interpreter, as `compile(text, "<string>", "exec")`)."""

    def __init__(self, source, path):
        import builtins
        import types

        self.path = list(path)
        self.module = types.ModuleType("__strata_runner__")
        self.module.__builtins__ = builtins  # as in the __main__ of `python3 -c`
        code = source if isinstance(source, types.CodeType) else compile(source, "<string>", "exec")
        exec(code, self.module.__dict__)


def forked_runner(preloaded, setup):
    """In a fork made by Supervisor.fork: the interpreter as a fresh runner finds it (default
    SIGINT handler, the runner's environment, argv and import path, runner.py as __main__), then
    the runner's main with its setup. Never returns."""
    if signal is not None:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    os.environ.clear()
    os.environ.update(RUNNER_ENV)
    sys.argv[:] = ["-c"]
    sys.path[:] = preloaded.path
    module = preloaded.module
    module.__name__ = "__main__"
    sys.modules["__main__"] = module
    module.child_main(setup)


# ---------------------------------------------------------------- supervised mode


class Supervisor:
    def __init__(self, spec, suite, tests, workdir, runner, preloaded=None):
        self.spec = spec
        self.preloaded = preloaded
        self.suite = suite
        self.workdir = workdir
        self.runner = runner
        self.test_seconds = float(spec.get("testSeconds", 5))
        self.total_seconds = float(spec.get("totalSeconds", 30))
        self.deadline_total = time.monotonic() + self.total_seconds
        self.output_limit = int(spec.get("outputLimit", DEFAULT_OUTPUT_LIMIT))
        self.results = {}
        self.order = [t["id"] for t in tests]
        self.tests = {t["id"]: t for t in tests}
        self.pending = list(tests)
        self.fixture_errors = []
        self.is_init = os.getpid() == 1

    def record(self, test_id, status, message, output=b"", dropped=0, duration=0.0, failure=None):
        if test_id in self.results or test_id not in self.tests:
            return
        text = output.decode("utf-8", "replace")
        if dropped:
            text += "\n... [%d more bytes of output dropped]" % dropped
        self.results[test_id] = {
            "status": status,
            "message": message,
            "output": text,
            "ms": round(duration * 1000),
            "failure": failure,
        }
        self.pending = [t for t in self.pending if t["id"] != test_id]

    def module_tests(self, module):
        return [t["id"] for t in self.pending if t["module"] == module]

    def run(self):
        if self.is_init and signal is not None:
            # PID 1 receives only the signals it handles: with none handled, nothing the learner
            # starts can interrupt or stop it.
            for number in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGUSR1, signal.SIGUSR2):
                signal.signal(number, signal.SIG_DFL)
        while self.pending:
            if time.monotonic() >= self.deadline_total:
                self.stop_all("timeout", "not run: the total time limit of %gs was reached" % self.total_seconds)
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

    def spawn(self, tests, key):
        event_r, event_w = os.pipe()
        output_r, output_w = os.pipe()
        ack_r, ack_w = os.pipe()
        setup = {
            "suite": self.suite,
            "tests": tests,
            "eventFd": event_w,
            "ackFd": ack_r,
            "key": key,
            "workdir": self.workdir,
            "language": self.spec.get("language"),
            "limits": {
                "memoryBytes": self.spec.get("memoryBytes"),
                "cpuSeconds": int(self.total_seconds) + 2,
                "fileBytes": self.spec.get("fileBytes"),
                "processes": self.spec.get("processes"),
            },
        }
        if self.preloaded is not None:
            return self.fork(setup, event_r, event_w, output_r, output_w, ack_r, ack_w)
        setup_r, setup_w = os.pipe()
        os.set_inheritable(event_w, True)
        os.set_inheritable(ack_r, True)
        actions = [
            (os.POSIX_SPAWN_DUP2, setup_r, 0),
            (os.POSIX_SPAWN_DUP2, output_w, 1),
            (os.POSIX_SPAWN_DUP2, output_w, 2),
        ]
        argv = [sys.executable, "-I", "-S", "-B", "-c", self.runner()]
        try:
            pid = os.posix_spawn(sys.executable, argv, {"LANG": "C.UTF-8", "PYTHONIOENCODING": "utf-8"}, file_actions=actions, setsid=True)
        finally:
            for fd in (event_w, output_w, setup_r, ack_r):
                os.close(fd)
        data = json.dumps(setup).encode("utf-8")
        try:
            while data:
                data = data[os.write(setup_w, data):]
        except OSError:
            pass
        os.close(setup_w)
        return pid, event_r, output_r, ack_w

    def fork(self, setup, event_r, event_w, output_r, output_w, ack_r, ack_w):
        """The runner as a fork of this process, which imported runner.py (unittest and the rest)
        before it read any suite but this one (see SpecSource) and never runs learner code. The
        child takes the runner's descriptors, closes every other one (the spec on stdin, the
        report's stdout) and puts the interpreter back as a fresh runner would find it
        (forked_runner) before the suite is prepared."""
        # Everything this process holds moves to the collector's permanent generation: a
        # collection in the child then never walks (and so never copies) the pages they share.
        gc.freeze()
        pid = os.fork()
        if pid == 0:
            try:
                os.setsid()
                null = os.open(os.devnull, os.O_RDONLY)
                os.dup2(null, 0)
                os.dup2(output_w, 1)
                os.dup2(output_w, 2)
                keep = sorted({0, 1, 2, event_w, ack_r})
                for low, high in zip(keep, keep[1:] + [max(keep[-1] + 1, os.sysconf("SC_OPEN_MAX"))]):
                    os.closerange(low + 1, high)
                forked_runner(self.preloaded, setup)
            finally:
                os._exit(70)
        for fd in (event_w, output_w, ack_r):
            os.close(fd)
        return pid, event_r, output_r, ack_w

    def run_child(self):
        sys.stdout.flush()
        sys.stderr.flush()
        tests = list(self.pending)
        key = os.urandom(16).hex()
        pid, event_r, output_r, ack_w = self.spawn(tests, key)
        try:
            self.watch(pid, event_r, output_r, ack_w, tests, (key + " ").encode("ascii"))
        finally:
            os.close(event_r)
            os.close(output_r)
            os.close(ack_w)

    def acknowledge(self, ack_w):
        try:
            os.write(ack_w, b".")
        except OSError:
            pass

    def watch(self, pid, event_r, output_r, ack_w, tests, tag):
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
        forged = None
        while event_r in open_fds and forged is None:
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
                    event = None
                    if line.startswith(tag):
                        try:
                            event = json.loads(line[len(tag):])
                        except ValueError:
                            event = None
                    if not isinstance(event, dict):
                        forged = "the test process wrote to the grader's result channel"
                        break
                    kind = event.get("e")
                    now = time.monotonic()
                    deadline = now + self.test_seconds
                    if kind == "import":
                        phase = ("import", event.get("m"))
                    elif kind == "import_error":
                        output, dropped = self.drain(output_r, output, dropped)
                        module = event.get("m")
                        if event.get("tampered"):
                            message = str(event.get("msg", ""))
                        else:
                            message = "importing %s failed:\n%s" % (module, event.get("msg", ""))
                        failure = None if event.get("tampered") else clean_failure(event.get("f"), "import")
                        for test_id in self.module_tests(module):
                            self.record(test_id, "error", message, bytes(output), dropped, 0.0, failure)
                        output, dropped, phase = bytearray(), 0, None
                        self.acknowledge(ack_w)
                    elif kind == "imported":
                        phase = None
                        self.acknowledge(ack_w)
                    elif kind == "start":
                        test_id = event.get("t")
                        if phase is not None or test_id not in self.tests or test_id in self.results:
                            forged = "the test process reported a test out of turn"
                            break
                        phase = ("test", test_id)
                        started = now
                    elif kind == "end":
                        output, dropped = self.drain(output_r, output, dropped)
                        test_id = event.get("t")
                        if phase != ("test", test_id):
                            forged = "the test process reported a result out of turn"
                            break
                        status = event.get("s")
                        if status not in ("pass", "skipped", "fail", "error", "timeout"):
                            status = "error"
                        failure = clean_failure(event.get("f")) if status in ("fail", "error") else None
                        self.record(test_id, status, str(event.get("msg", "")), bytes(output), dropped, now - started, failure)
                        output, dropped, phase = bytearray(), 0, None
                        self.acknowledge(ack_w)
                    elif kind == "fixture":
                        self.fixture_errors.append("%s: %s" % (event.get("where"), event.get("msg")))
                    elif kind == "done":
                        finished = True
        self.kill(pid)
        status = self.reap(pid, exited)
        output, dropped = self.drain(output_r, output, dropped)
        if forged is not None:
            message = "%s; the run's results cannot be trusted, so this counts as a failure" % forged
            if phase and phase[0] == "test":
                self.record(phase[1], "error", message)
            # a runner caught forging does not get another chance with the rest of the tests
            self.stop_all("error", "not run: " + message)
            return
        if finished and phase is None:
            note = "; ".join(self.fixture_errors) or "the test did not run"
            for test in [t for t in self.pending if t["id"] in {x["id"] for x in tests}]:
                self.record(test["id"], "error", clip("did not run: " + note))
            return
        duration = time.monotonic() - started
        if ended_by == "total":
            reason = "timeout", "the total time limit of %gs was reached" % self.total_seconds
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
        targets = [lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)]
        if self.is_init:
            # PID 1 of the sandbox: every other process in it belongs to the learner's run.
            targets.append(lambda: os.kill(-1, signal.SIGKILL))
        for target in targets:
            try:
                target()
            except OSError:
                pass

    def reap(self, pid, status=None):
        if status is None:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = None
        if self.is_init:
            while True:  # orphans were re-parented to this process
                try:
                    done, _ = os.waitpid(-1, os.WNOHANG)
                except ChildProcessError:
                    break
                if done == 0:
                    time.sleep(0.01)
        if status is None:
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


class CappedWriter:
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

    def flush(self):
        pass

    def take(self):
        text = "".join(self.parts)
        if self.dropped:
            text += "\n... [%d more characters of output dropped]" % self.dropped
        self.parts, self.size, self.dropped = [], 0, 0
        return text


class InProcessTimeout(BaseException):
    pass


def run_in_process(spec, suite, tests, workdir, runner):
    namespace = {"__name__": "strata_runner", "__file__": os.path.join(".strata", RUNNER_FILE)}
    # A host that runs the harness again and again in one interpreter (Pyodide) puts a compile that
    # keeps code objects from run to run in the harness's globals as STRATA_COMPILE.
    compile_runner = globals().get("STRATA_COMPILE", compile)
    exec(compile_runner(runner, namespace["__file__"], "exec"), namespace)
    limit = int(spec.get("outputLimit", DEFAULT_OUTPUT_LIMIT))
    test_seconds = float(spec.get("testSeconds", 5))
    results = {}
    fixtures = []
    writer = CappedWriter(limit)
    saved = sys.stdout, sys.stderr
    state = {"started": 0.0}
    can_alarm = signal is not None and hasattr(signal, "setitimer")

    def on_alarm(signum, frame):
        raise InProcessTimeout("took longer than the %gs limit per test" % test_seconds)

    if can_alarm:
        try:
            signal.signal(signal.SIGALRM, on_alarm)
        except (ValueError, OSError):
            can_alarm = False

    def disarm():
        if can_alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)

    def emit(event):
        kind = event["e"]
        if kind in ("import", "start"):
            state["started"] = time.monotonic()
            if can_alarm:
                signal.setitimer(signal.ITIMER_REAL, test_seconds)
        elif kind == "end":
            disarm()
            status, message = event["s"], event["msg"]
            failure = clean_failure(event.get("f")) if status in ("fail", "error") else None
            if "InProcessTimeout" in message:
                status, message, failure = "timeout", "took longer than the %gs limit per test" % test_seconds, None
            results.setdefault(
                event["t"],
                {
                    "status": status,
                    "message": message,
                    "output": writer.take(),
                    "ms": round((time.monotonic() - state["started"]) * 1000),
                    "failure": failure,
                },
            )
        elif kind == "import_error":
            disarm()
            output = writer.take()
            message = event["msg"] if event.get("tampered") else "importing %s failed:\n%s" % (event["m"], event["msg"])
            failure = None if event.get("tampered") else clean_failure(event.get("f"), "import")
            for test in tests:
                if test["module"] == event["m"]:
                    results.setdefault(
                        test["id"], {"status": "error", "message": message, "output": output, "ms": 0, "failure": failure}
                    )
        elif kind == "imported":
            disarm()
        elif kind == "fixture":
            fixtures.append("%s: %s" % (event.get("where"), event.get("msg")))

    # Pyodide keeps one interpreter for every run: whatever this run's learner code changes in the
    # interpreter (the import path, unittest, builtins, the environment) is put back afterwards, so
    # a run never sees the previous one's code (it would import a folder another run added).
    kept = {
        "path": list(sys.path),
        "meta_path": list(sys.meta_path),
        "path_hooks": list(sys.path_hooks),
        "environ": dict(os.environ),
        "cwd": os.getcwd(),
        "interpreter": namespace["Snapshot"](),
    }
    setup = {"suite": suite, "tests": tests, "language": spec.get("language")}
    switch, finder, codes, errors, where = namespace["prepare"](setup, workdir, True)
    os.chdir(workdir)
    sys.stdout = sys.stderr = writer
    result_class = namespace["make_result_class"](namespace["unittest"].TestResult, where)
    try:
        namespace["run_tests"](
            tests, emit, lambda: None, switch, finder, codes, namespace["unittest"].TestCase, result_class, where
        )
    except BaseException:
        pass
    finally:
        switch[0] = False
        disarm()
        sys.stdout, sys.stderr = saved
        # The next suite imports the learner's modules afresh, as its own process would.
        for name, module in list(sys.modules.items()):
            origin = getattr(module, "__file__", None) or ""
            if name.split(".")[0] in ("tests", "hidden") or os.path.abspath(origin).startswith(workdir + os.sep):
                del sys.modules[name]
        kept["interpreter"].restore()
        sys.path[:] = kept["path"]
        sys.meta_path[:] = kept["meta_path"]
        sys.path_hooks[:] = kept["path_hooks"]
        sys.path_importer_cache.clear()
        os.environ.clear()
        os.environ.update(kept["environ"])
        os.chdir(kept["cwd"])
    note = "; ".join(fixtures) or "the test did not run"
    for test in tests:
        results.setdefault(test["id"], {"status": "error", "message": clip("did not run: " + note), "output": "", "ms": 0})
    return results


# ---------------------------------------------------------------- main


def main(argv, preloaded=None):
    """Grades the suites of the spec. `preloaded` (a Preloaded, or --runner fork, which needs the
    spec in frames on stdin) makes each suite's runner a fork of this process; otherwise each is a
    new interpreter."""
    started = time.monotonic()
    opts = parse_args(argv)
    report_fd = os.dup(1)
    source = SpecSource(opts["spec"])
    spec = source.header()
    if not source.framed:
        preloaded = None  # a whole spec holds every suite: a fork of this process would too
    elif preloaded is None and opts["runner"] == "fork":
        here = os.path.dirname(os.path.abspath(__file__))
        preloaded = Preloaded(runner_source(), [path for path in sys.path if path and path != here])
    kept = {}

    def runner():
        if "source" not in kept:
            kept["source"] = runner_source()
        return kept["source"]

    workdir = os.path.abspath(opts["workdir"])
    while workdir in sys.path:
        sys.path.remove(workdir)
    language = spec.get("language") or "%d.%d" % sys.version_info[:2]
    level = tuple(int(part) for part in language.split(".")[:2])
    refused = refuse_shadows(workdir)
    mode = opts["mode"] if opts["mode"] != "auto" else spec.get("mode", "auto")
    if mode == "auto":
        # Pyodide (emscripten) and WASI have no processes.
        can_spawn = hasattr(os, "posix_spawn") and sys.platform not in ("emscripten", "wasi")
        mode = "fork" if can_spawn and select is not None and signal is not None else "inprocess"
    too_new = sys.version_info[:2] < level
    tests, errors, results = [], [], {}
    for suite in source.suites():
        own, problems = catalog(suite)
        tests.extend(own)
        errors.extend(problems)
        if too_new or not own:
            continue
        if mode == "fork":
            results.update(Supervisor(spec, suite, own, workdir, runner, preloaded).run())
        else:
            results.update(run_in_process(spec, suite, own, workdir, runner()))
    errors.extend(refused)
    if too_new:
        message = "this exercise is graded as Python %s; this interpreter is %d.%d" % (language, *sys.version_info[:2])
        errors.append(message)
        results = {t["id"]: {"status": "error", "message": message, "output": "", "ms": 0} for t in tests}
    spec["nonce"] = source.nonce()
    report = {
        "protocol": PROTOCOL,
        "nonce": spec["nonce"],
        "python": "%d.%d.%d" % sys.version_info[:3],
        "implementation": sys.implementation.name,
        "language": language,
        "mode": mode,
        "errors": errors,
        "tests": [],
        "durationMs": round((time.monotonic() - started) * 1000),
    }
    for test in tests:
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
                "failure": outcome.get("failure"),
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

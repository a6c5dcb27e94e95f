// Per-test time limits for the grading harness in Pyodide. The harness's in-process mode arms
// `signal.setitimer(ITIMER_REAL, testSeconds)` around every import and test and turns SIGALRM into
// a timeout of that test. Pyodide has no setitimer (a busy interpreter never yields to the event
// loop a timer would need), so this shim forwards each arm/disarm to another thread, which writes
// SIGALRM into Pyodide's interrupt buffer when the limit passes (see run-watchdog.ts).

/** The slice of Pyodide's API the shim needs. */
export interface PyodideAlarmHost {
  registerJsModule(name: string, module: object): void;
  runPython(code: string): unknown;
}

export const ALARM_MODULE = '_strata_alarm';

// A SIGALRM reaches the harness's handler only while its own deadline has passed, and a SIGINT
// only once the last limit has passed since the harness's latest arm or disarm (the watchdog never
// sends one sooner): the other thread may write a signal again just as a test ends and the next
// one starts (see run-watchdog.ts), and that late signal must not fail the next test.
const SHIM = String.raw`
def _strata_install_alarm():
    import signal, time
    from ${ALARM_MODULE} import arm

    if getattr(signal, "_strata_alarm", False):
        return
    state = {"deadline": None, "armed": None, "seconds": 0.0}
    real_signal = signal.signal

    def setitimer(which, seconds, interval=0.0):
        seconds = float(seconds)
        now = time.monotonic()
        state["deadline"] = now + seconds if seconds > 0 else None
        state["armed"] = now
        if seconds > 0:
            state["seconds"] = seconds
        arm(seconds)
        return (0.0, 0.0)

    def guard_interrupt(handler):
        def on_interrupt(signum, frame, handler=handler):
            armed = state["armed"]
            if armed is None or time.monotonic() >= armed + state["seconds"] - 0.05:
                return handler(signum, frame)

        return on_interrupt

    def install(signum, handler):
        if signum == signal.SIGINT and callable(handler):
            return real_signal(signum, guard_interrupt(handler))
        if signum == signal.SIGALRM and callable(handler):
            def on_alarm(signum, frame, handler=handler):
                deadline = state["deadline"]
                if deadline is not None and time.monotonic() >= deadline - 0.05:
                    state["deadline"] = None
                    handler(signum, frame)

            return real_signal(signum, on_alarm)
        return real_signal(signum, handler)

    real_signal(signal.SIGINT, guard_interrupt(signal.default_int_handler))
    signal.ITIMER_REAL = 0
    signal.setitimer = setitimer
    signal.signal = install
    signal._strata_alarm = True


_strata_install_alarm()
del _strata_install_alarm
`;

/**
 * Gives Pyodide's `signal` module a `setitimer` that calls `arm(seconds)` (0 disarms). Idempotent.
 * Without it, the harness has no per-test limit in Pyodide and only the run's outer limit stops
 * a runaway test.
 */
export function installAlarmShim(pyodide: PyodideAlarmHost, arm: (seconds: number) => void): void {
  pyodide.registerJsModule(ALARM_MODULE, { arm });
  pyodide.runPython(SHIM);
}

// The alarm shim's guards in a real Pyodide: a signal the watchdog wrote again after its test
// ended must not reach the next test. `_thread.interrupt_main(signum)` delivers a signal the way
// the interrupt buffer does (PyErr_SetInterruptEx), here on the interpreter's own thread.
import { loadPyodide, type PyodideInterface } from 'pyodide';
import { beforeAll, describe, expect, it } from 'vitest';
import { installAlarmShim } from '../../../src/runtime/browser/pyodide-alarm.ts';

let pyodide: PyodideInterface;
const armed: number[] = [];
beforeAll(async () => {
  pyodide = await loadPyodide({ indexURL: 'node_modules/pyodide/' });
  installAlarmShim(pyodide, (seconds) => armed.push(seconds));
  pyodide.runPython(`
import _thread, signal, time

def deliver(signum):
    """What a test sees when \`signum\` arrives now: the exception it raised, or None."""
    try:
        _thread.interrupt_main(signum)
        for _ in range(1000):  # bytecode, so the handler runs
            pass
    except BaseException as error:
        return type(error).__name__
    return None

def wait(seconds):
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        pass

class Timeout(BaseException):
    pass

def on_alarm(signum, frame):
    raise Timeout()

signal.signal(signal.SIGALRM, on_alarm)
`);
}, 60_000);

const python = (code: string): unknown => pyodide.runPython(code);

describe('the Pyodide alarm shim', () => {
  it('forwards the harness’s arm and disarm calls', () => {
    armed.length = 0;
    python('signal.setitimer(signal.ITIMER_REAL, 0.2); signal.setitimer(signal.ITIMER_REAL, 0)');
    expect(armed).toEqual([0.2, 0]);
  });

  it('lets SIGALRM through only once the test’s limit has passed, and only once', () => {
    python('signal.setitimer(signal.ITIMER_REAL, 0.3)');
    expect(python('deliver(signal.SIGALRM)')).toBeUndefined();
    python('wait(0.3)');
    expect(python('deliver(signal.SIGALRM)')).toBe('Timeout');
    // Written again by the watchdog (a write can be lost): the test was already timed out.
    expect(python('deliver(signal.SIGALRM)')).toBeUndefined();
  });

  it('ignores a SIGINT that comes sooner than the last limit after the latest arm or disarm', () => {
    // A test timed out at 0.3 s and ended; the next one starts: a SIGINT written again for the
    // first one arrives now and must not interrupt the second.
    python('signal.setitimer(signal.ITIMER_REAL, 0.3); wait(0.3); signal.setitimer(signal.ITIMER_REAL, 0)');
    python('signal.setitimer(signal.ITIMER_REAL, 0.3)');
    expect(python('deliver(signal.SIGINT)')).toBeUndefined();
    // The watchdog's real SIGINT comes a limit (plus its grace) after the arm: it interrupts.
    python('wait(0.3)');
    expect(python('deliver(signal.SIGINT)')).toBe('KeyboardInterrupt');
    // Between tests (after a disarm) the same: not sooner than the last limit.
    python('signal.setitimer(signal.ITIMER_REAL, 0)');
    expect(python('deliver(signal.SIGINT)')).toBeUndefined();
    python('wait(0.3)');
    expect(python('deliver(signal.SIGINT)')).toBe('KeyboardInterrupt');
  });

  it('guards a SIGINT handler installed later the same way', () => {
    python(`
caught = []
signal.signal(signal.SIGINT, lambda signum, frame: caught.append(signum))
signal.setitimer(signal.ITIMER_REAL, 0.3)
deliver(signal.SIGINT)
wait(0.3)
deliver(signal.SIGINT)
signal.signal(signal.SIGINT, signal.default_int_handler)
`);
    expect(python('caught')?.toString()).toBe('[2]');
  });
});

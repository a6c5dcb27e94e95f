import { describe, expect, it, vi } from 'vitest';
import { chooseRuntime, loopbackOrigin, WebContainerRuntime } from '../../../src/runtime/index.ts';
import type { PythonRuntime, RunResult } from '../../../src/runtime/index.ts';
import type { ChooseRuntimeOptions } from '../../../src/runtime/browser/choose-runtime.ts';
import { settlesWithin } from './support/fake-clock.ts';
import { FakeContainer, fakeApi } from './support/fake-webcontainer.ts';

const pyodide: PythonRuntime = {
  name: 'pyodide',
  boot: async () => undefined,
  writeFiles: async () => undefined,
  run: async (): Promise<RunResult> => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false, durationMs: 0 }),
  dispose: async () => undefined,
};

function options(overrides: Partial<ChooseRuntimeOptions> & { boot?: ReturnType<typeof fakeApi> }) {
  const fake = overrides.boot ?? fakeApi(new FakeContainer());
  const container = new WebContainerRuntime({ api: fake.api, bootTimeoutMs: 200 });
  const made = { webContainer: 0 };
  return {
    fake,
    container,
    made,
    options: {
      preference: 'auto',
      chosen: false,
      isolated: true,
      online: true,
      webContainer: () => {
        made.webContainer += 1;
        return container;
      },
      pyodide: () => pyodide,
      ...overrides,
    } satisfies ChooseRuntimeOptions,
  };
}

describe('chooseRuntime', () => {
  it('picks WebContainer when the page is isolated, online and it boots in time', async () => {
    const { options: o, fake } = options({});
    const choice = await chooseRuntime(o);
    expect(choice.kind).toBe('webcontainer');
    expect(choice.reason).toMatch(/^the page is cross-origin isolated and WebContainer started in \d+(\.\d)? s$/);
    expect(fake.boots.length).toBe(1);
  });

  it('falls back to Pyodide, saying why, when WebContainer does not start in time', async () => {
    const progress = vi.fn();
    const { options: o } = options({ boot: fakeApi('never'), onProgress: progress });
    const choice = await settlesWithin(1000, () => chooseRuntime(o));
    expect(choice).toEqual({
      kind: 'pyodide',
      runtime: pyodide,
      reason: 'WebContainer did not start within 0.2 s (offline?)',
    });
    expect(progress).toHaveBeenCalledWith(
      'Starting WebContainer… Pyodide takes over if it has not started within 0.2 s.',
    );
  });

  it('does not try WebContainer again in a page where it failed to boot', async () => {
    const { options: o, fake } = options({ boot: fakeApi('never') });
    await chooseRuntime(o);
    const again = await chooseRuntime(o);
    expect(again.kind).toBe('pyodide');
    expect(again.reason).toBe(
      'WebContainer did not start within 0.2 s (offline?) earlier on this page; reload the page to try it again',
    );
    expect(fake.boots.length).toBe(1);
  });

  it('reports a boot error in its own words', async () => {
    const { options: o } = options({ boot: fakeApi(new Error('Unable to create more instances')) });
    expect((await chooseRuntime(o)).reason).toBe('WebContainer could not start: Unable to create more instances');
  });

  it('uses Pyodide without touching WebContainer when the page is not cross-origin isolated', async () => {
    const { options: o, made } = options({ isolated: false });
    const choice = await chooseRuntime(o);
    expect(choice.kind).toBe('pyodide');
    expect(choice.reason).toBe(
      'WebContainer needs a cross-origin-isolated page (COOP/COEP headers) and this one is not',
    );
    expect(made.webContainer).toBe(0);
  });

  it('uses Pyodide at once when the browser knows it is offline', async () => {
    const { options: o, made } = options({ online: false });
    expect((await chooseRuntime(o)).reason).toBe('the browser is offline and WebContainer needs the internet');
    expect(made.webContainer).toBe(0);
  });

  it('follows the learner: Pyodide when chosen, whatever WebContainer could do', async () => {
    const { options: o, made } = options({ preference: 'pyodide', chosen: true });
    expect(await chooseRuntime(o)).toEqual({ kind: 'pyodide', runtime: pyodide, reason: 'chosen by you' });
    expect(made.webContainer).toBe(0);
    const byDefault = options({ preference: 'pyodide', chosen: false });
    expect((await chooseRuntime(byDefault.options)).reason).toBe('the default on this site');
  });

  it('follows the learner: WebContainer when chosen, and says why it could not be', async () => {
    const chosen = await chooseRuntime(options({ preference: 'webcontainer', chosen: true }).options);
    expect(chosen.kind).toBe('webcontainer');
    expect(chosen.reason).toMatch(/^chosen by you \(started in \d+(\.\d)? s\)$/);
    const isolatedNot = await chooseRuntime(
      options({ preference: 'webcontainer', chosen: true, isolated: false }).options,
    );
    expect(isolatedNot.kind).toBe('pyodide');
    expect(isolatedNot.reason).toBe(
      'WebContainer needs a cross-origin-isolated page (COOP/COEP headers) and this one is not',
    );
  });

  it('uses Pyodide when the site does not offer WebContainer', async () => {
    const { options: o } = options({ preference: 'webcontainer', chosen: true, webContainer: undefined });
    expect((await chooseRuntime(o)).reason).toBe('this site does not offer WebContainer');
  });
});

describe('loopbackOrigin (the testing hook)', () => {
  it.each([
    ['http://127.0.0.1:9', 'http://127.0.0.1:9'],
    ['http://localhost:4321/headless?x=1', 'http://localhost:4321'],
    ['https://[::1]:8443', 'https://[::1]:8443'],
  ])('accepts %s', (value, origin) => {
    expect(loopbackOrigin(value)).toBe(origin);
  });

  it.each([
    'https://stackblitz.com',
    'http://127.0.0.2:80',
    'http://127.0.0.1.example.com',
    'http://localhost.example.com',
    'javascript:alert(1)',
    'file:///etc/passwd',
    'not a url',
    '',
    null,
  ])('refuses %s', (value) => {
    expect(loopbackOrigin(value)).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { createDownloadMeter, formatBytes } from '../../../src/runtime/index.ts';
import type { RuntimeProgress } from '../../../src/runtime/index.ts';

const INDEX = 'https://course.example/pyodide/314.0.7-x/';

/** A response whose body arrives in the given chunks, one per read. */
function chunked(sizes: number[]): Response {
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const size of sizes) controller.enqueue(new Uint8Array(size));
      controller.close();
    },
  });
  return new Response(stream, { status: 200 });
}

/** A fake fetch serving `bodies` by file name, recording what was asked. */
function server(bodies: Record<string, number[]>) {
  const asked: string[] = [];
  const fetch = ((input: RequestInfo | URL) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    asked.push(url);
    const name = url.split('/').pop() ?? '';
    return Promise.resolve(bodies[name] ? chunked(bodies[name]) : new Response('missing', { status: 404 }));
  }) as typeof globalThis.fetch;
  return { fetch, asked };
}

/** Resolves once the meter's clone reading has caught up (it runs beside the caller's read). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the download meter', () => {
  it('counts the bytes of the runtime files as they arrive, of the manifest total', async () => {
    const reports: RuntimeProgress[] = [];
    const { fetch } = server({ 'pyodide.asm.wasm': [400, 400, 200], 'python_stdlib.zip': [300] });
    const meter = createDownloadMeter({
      indexURL: INDEX,
      files: { 'pyodide.asm.wasm': 1000, 'python_stdlib.zip': 300, 'pyodide.asm.mjs': 700 },
      fetch,
      onProgress: (progress) => reports.push(progress),
      intervalMs: 0,
    });
    expect(meter.total).toBe(2000);
    const wasm = await meter.fetch(`${INDEX}pyodide.asm.wasm`);
    // The caller gets the response untouched and can read it whole.
    expect((await wasm.arrayBuffer()).byteLength).toBe(1000);
    await meter.fetch(new URL(`${INDEX}python_stdlib.zip`));
    await settle();
    expect(reports.map((report) => report.loaded)).toEqual([400, 800, 1000, 1300]);
    expect(reports.every((report) => report.phase === 'download' && report.total === 2000)).toBe(true);
    // A module import arrives whole.
    meter.arrived('pyodide.asm.mjs');
    expect(reports.at(-1)).toEqual({ phase: 'download', loaded: 2000, total: 2000 });
  });

  it('ignores other requests and failed responses', async () => {
    const reports: RuntimeProgress[] = [];
    const { fetch, asked } = server({ 'other.js': [50], 'python_stdlib.zip': [300] });
    const meter = createDownloadMeter({
      indexURL: INDEX,
      files: { 'python_stdlib.zip': 300, 'pyodide.asm.wasm': 1000 },
      fetch,
      onProgress: (progress) => reports.push(progress),
      intervalMs: 0,
    });
    await meter.fetch('https://course.example/_astro/other.js');
    const missing = await meter.fetch(`${INDEX}pyodide.asm.wasm`);
    expect(missing.status).toBe(404);
    await settle();
    expect(asked).toHaveLength(2);
    expect(reports).toEqual([]);
    expect(meter.loaded).toBe(0);
  });

  it('does not count a file fetched twice twice, nor beyond its size', async () => {
    const { fetch } = server({ 'python_stdlib.zip': [200, 200] });
    const meter = createDownloadMeter({
      indexURL: INDEX,
      files: { 'python_stdlib.zip': 300 },
      fetch,
      onProgress: () => undefined,
      intervalMs: 0,
    });
    await meter.fetch(`${INDEX}python_stdlib.zip`);
    await settle();
    expect(meter.loaded).toBe(300);
    await meter.fetch(`${INDEX}python_stdlib.zip?retry`);
    await settle();
    expect(meter.loaded).toBe(300);
  });

  it('reports at most once per interval, and always the last bytes', async () => {
    const reports: RuntimeProgress[] = [];
    let clock = 0;
    const { fetch } = server({ 'pyodide.asm.wasm': [100, 100, 100, 100, 100] });
    const meter = createDownloadMeter({
      indexURL: INDEX,
      files: { 'pyodide.asm.wasm': 500 },
      fetch,
      onProgress: (progress) => reports.push(progress),
      intervalMs: 100,
      now: () => (clock += 30),
    });
    await meter.fetch(`${INDEX}pyodide.asm.wasm`);
    await settle();
    expect(reports.length).toBeLessThan(5);
    expect(reports.at(-1)?.loaded).toBe(500);
  });
});

describe('formatBytes', () => {
  it('says megabytes loaded of the total, or loaded alone when the total is unknown', () => {
    expect(formatBytes(4_200_000, 20_510_000)).toBe('4.2 of 20.5 MB');
    expect(formatBytes(1_000_000, 0)).toBe('1.0 MB');
  });
});

import { harnessReportSchema, formatIssues } from '../schemas/index.ts';
import type { HarnessReport } from '../schemas/index.ts';
import { HARNESS_PROTOCOL } from './harness-source.ts';
import type { FileMap } from './exercise.ts';

/** Limits the harness enforces inside the runtime (the runtime adds its own outer limits). */
export interface HarnessLimits {
  testSeconds: number;
  totalSeconds: number;
  /** Bytes of captured output kept per test. */
  outputLimit: number;
  /** Address-space limit of the process that runs learner code (where `resource` exists). */
  memoryBytes: number;
  /** Largest file the learner's code may write. */
  fileBytes: number;
}

export const DEFAULT_HARNESS_LIMITS: Omit<HarnessLimits, 'testSeconds' | 'totalSeconds'> = {
  outputLimit: 8192,
  memoryBytes: 512 * 1024 * 1024,
  fileBytes: 16 * 1024 * 1024,
};

export interface HarnessSuite {
  name: 'visible' | 'hidden';
  /** Python package the suite is served as (`tests`, `hidden`). */
  package: string;
  /** Whether tracebacks may quote the test source (never for hidden tests). */
  showSource: boolean;
  files: FileMap;
}

export interface HarnessSpec extends HarnessLimits {
  protocol: number;
  nonce: string;
  /** The exercise's Python version ("3.10"): learner files with newer syntax fail to import. */
  language: string;
  /** Visible and/or hidden tests: the harness runs each suite in its own runner process. */
  suites: HarnessSuite[];
}

interface CryptoLike {
  getRandomValues(array: Uint8Array): Uint8Array;
}

/** A random hex nonce; the report must carry it back, so a stale or forged report is rejected. */
export function createNonce(): string {
  const bytes = new Uint8Array(16);
  const crypto = (globalThis as { crypto?: CryptoLike }).crypto;
  if (crypto) crypto.getRandomValues(bytes);
  else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
  return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
}

/** The spec of one harness run: the visible tests, the hidden tests, or both (each in its own runner). */
export function buildHarnessSpec(options: {
  nonce: string;
  visible: FileMap | null;
  hidden: FileMap | null;
  limits: HarnessLimits;
  language: string;
}): HarnessSpec {
  const suites: HarnessSuite[] = [];
  if (options.visible) suites.push({ name: 'visible', package: 'tests', showSource: true, files: options.visible });
  if (options.hidden) suites.push({ name: 'hidden', package: 'hidden', showSource: false, files: options.hidden });
  return { protocol: HARNESS_PROTOCOL, nonce: options.nonce, language: options.language, ...options.limits, suites };
}

/** One frame of a spec on stdin: its length in UTF-8 bytes on a line, then the JSON. */
function frame(value: unknown): string {
  const json = JSON.stringify(value);
  return `${new TextEncoder().encode(json).length}\n${json}`;
}

/**
 * The spec as the harness reads it from stdin in frames (harness.py's SpecSource): the spec
 * without its suites and nonce, each suite in its own frame, the nonce last. The harness reads a
 * frame only when it needs it, so a runner it forks before reading the next suite holds none of
 * it (the visible tests' runner never holds the hidden tests), and no runner holds the nonce.
 */
export function frameHarnessSpec(spec: HarnessSpec): string {
  const { suites, nonce, ...rest } = spec;
  return [frame({ ...rest, suites: suites.length }), ...suites.map(frame), frame({ nonce })].join('');
}

export type HarnessOutcome = { ok: true; report: HarnessReport } | { ok: false; error: string };

/**
 * Finds the report framed with this run's nonce in the harness's stdout and validates it.
 * Exactly one frame must exist: the harness writes one, and learner code has no access to the
 * stream it is written to, so a second frame means something tampered with the channel.
 */
export function parseHarnessOutput(stdout: string, nonce: string): HarnessOutcome {
  const begin = `@@STRATA-RESULTS ${nonce}\n`;
  const end = `\n@@STRATA-END ${nonce}`;
  const first = stdout.indexOf(begin);
  if (first === -1) return { ok: false, error: 'the harness wrote no results' };
  if (stdout.indexOf(begin, first + 1) !== -1) {
    return { ok: false, error: 'the results channel carried more than one report; refusing all of them' };
  }
  const close = stdout.indexOf(end, first + begin.length);
  if (close === -1) return { ok: false, error: 'the harness results were cut off' };
  let raw: unknown;
  try {
    raw = JSON.parse(stdout.slice(first + begin.length, close));
  } catch (error) {
    return { ok: false, error: `the harness results are not JSON: ${(error as Error).message}` };
  }
  const parsed = harnessReportSchema.safeParse(raw);
  if (!parsed.success) {
    return {
      ok: false,
      error: `the harness results do not match the schema: ${formatIssues(parsed.error).join('; ')}`,
    };
  }
  if (parsed.data.nonce !== nonce) return { ok: false, error: 'the harness results carry the wrong nonce' };
  return { ok: true, report: parsed.data };
}

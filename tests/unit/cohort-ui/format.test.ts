import { describe, expect, it } from 'vitest';
import {
  describeCell,
  describeCredit,
  describeSubmission,
  formatScore,
  isoToLocal,
  localToIso,
  queryParam,
  tokenFromHash,
} from '../../../src/islands/cohort/index.ts';

describe('cohort page formats', () => {
  it('turns a datetime-local value into an ISO instant and back, in the reader’s zone', () => {
    const iso = localToIso('2026-05-01T17:30');
    expect(iso).toBe(new Date(2026, 4, 1, 17, 30).toISOString());
    expect(isoToLocal(iso)).toBe('2026-05-01T17:30');
    expect(localToIso('  ')).toBeNull();
    expect(isoToLocal(null)).toBe('');
  });

  it('refuses a value that is not a date and time', () => {
    expect(() => localToIso('tomorrow')).toThrow(/not a date and time/);
    expect(() => localToIso('2026-13-45T99:99')).toThrow(/not a date and time/);
  });

  it('says scores without trailing zeros, and nothing counted yet in words', () => {
    expect(formatScore(75)).toBe('75');
    expect(formatScore(37.5)).toBe('37.5');
    expect(formatScore(33.333)).toBe('33.33');
    expect(formatScore(null)).toBe('no score yet');
    expect(describeCell({ score: 40, late: true, overridden: false })).toBe('40 (late)');
    expect(describeCell({ score: 75, late: false, overridden: true })).toBe('75 (overridden)');
    expect(describeCell({ score: 75, late: true, overridden: true })).toBe('75 (late, overridden)');
    expect(describeCell(undefined)).toBe('no score yet');
  });

  it('says why a counted score is reduced by late credit, and nothing when it is not', () => {
    const late = { score: 40, late: true, overridden: false, rawScore: 80 };
    expect(describeCredit(late, 50)).toBe('Submitted late: it counts for 50% of its score, 40 of 80.');
    expect(describeCredit({ ...late, late: false, score: 80 }, 50)).toBeNull();
    expect(describeCredit({ ...late, overridden: true }, 50)).toBeNull();
    // Full late credit, or a late zero: nothing is taken off.
    expect(describeCredit({ ...late, score: 80 }, 100)).toBeNull();
    expect(describeCredit({ ...late, score: 0, rawScore: 0 }, 50)).toBeNull();
    expect(describeCredit(undefined, 50)).toBeNull();
  });

  it('says why a submission waits, or why its re-grade could not run, in its history line', () => {
    const at = '2026-05-01T15:30:00.000Z';
    const refused = 'refused 2 time(s): it needs version abc of 01-import-side-effects';
    expect(describeSubmission({ submittedAt: at, status: 'queued', score: null, waiting: null })).toMatch(/ · queued$/);
    const waiting = describeSubmission({ submittedAt: at, status: 'queued', score: null, waiting: refused });
    expect(waiting).toMatch(/ · queued · refused 2 time\(s\): it needs version abc of 01-import-side-effects$/);
    const regraded = describeSubmission({
      submittedAt: at,
      status: 'graded',
      score: 75,
      waiting: 're-grade r1 could not grade it',
    });
    expect(regraded).toMatch(/ · graded · 75% · re-grade r1 could not grade it$/);
    // The date comes first, as in every history line.
    expect(waiting.slice(0, waiting.indexOf(' · queued'))).toBe(
      describeSubmission({ submittedAt: at, status: 'queued', score: null, waiting: null }).replace(/ · queued$/, ''),
    );
    expect(waiting.indexOf(' · queued')).toBeGreaterThan(0);
  });

  it('reads the setup token from the fragment and parameters from the query', () => {
    expect(tokenFromHash('#token=abc-DEF_123')).toBe('abc-DEF_123');
    expect(tokenFromHash('#token=')).toBeNull();
    expect(tokenFromHash('')).toBeNull();
    expect(queryParam('?code=ABCD-EFGH&x=1', 'code')).toBe('ABCD-EFGH');
    expect(queryParam('?id=', 'id')).toBeNull();
    expect(queryParam('', 'id')).toBeNull();
  });
});

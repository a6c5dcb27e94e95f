import { describe, expect, it } from 'vitest';
import { cohortPayload, localToIso } from '../../../src/islands/cohort/index.ts';
import type { AssignmentFields } from '../../../src/islands/cohort/index.ts';

const fields = (over: Partial<AssignmentFields> = {}): AssignmentFields => ({
  exercise: '01-import-side-effects',
  title: 'Imports without side effects',
  opensAt: '',
  dueAt: '',
  lateDueAt: '',
  lateCreditPct: '0',
  rateLimitCount: '',
  rateLimitWindowMinutes: '',
  ...over,
});

describe('the create-cohort form', () => {
  it('builds the POST /api/cohorts body from the fields', () => {
    const result = cohortPayload({
      name: '  Architecture, spring ',
      scorePolicy: 'last',
      hiddenDetail: 'after_due',
      assignments: [
        fields({
          opensAt: '2026-05-01T09:00',
          dueAt: '2026-05-08T17:00',
          lateDueAt: '2026-05-10T17:00',
          lateCreditPct: '50',
          rateLimitCount: '3',
          rateLimitWindowMinutes: '60',
        }),
        fields({ exercise: '05-break-the-cycle', title: 'Cycle', lateCreditPct: '' }),
      ],
    });
    expect(result).toEqual({
      payload: {
        name: 'Architecture, spring',
        scorePolicy: 'last',
        hiddenDetail: 'after_due',
        assignments: [
          {
            exercise: '01-import-side-effects',
            opensAt: localToIso('2026-05-01T09:00'),
            dueAt: localToIso('2026-05-08T17:00'),
            lateDueAt: localToIso('2026-05-10T17:00'),
            lateCreditPct: 50,
            rateLimit: { count: 3, windowMinutes: 60 },
          },
          {
            exercise: '05-break-the-cycle',
            opensAt: null,
            dueAt: null,
            lateDueAt: null,
            lateCreditPct: 0,
            rateLimit: null,
          },
        ],
      },
    });
  });

  it('names each problem with its exercise before anything is sent', () => {
    const result = cohortPayload({
      name: ' ',
      scorePolicy: 'best',
      hiddenDetail: 'never',
      assignments: [
        fields({ dueAt: '2026-05-08T17:00', lateDueAt: '2026-05-01T17:00', lateCreditPct: '150' }),
        fields({ exercise: '05-break-the-cycle', title: 'Cycle', lateDueAt: '2026-05-01T17:00', rateLimitCount: '3' }),
        fields({ exercise: '06-x', title: 'Dates', opensAt: '2026-05-08T17:00', dueAt: '2026-05-01T17:00' }),
      ],
    });
    expect(result).toEqual({
      problems: [
        'Name: give the cohort a name',
        'Imports without side effects: the late due date is before the due date',
        'Imports without side effects: late credit is a percentage from 0 to 100',
        'Cycle: a late due date needs a due date',
        'Cycle: a rate limit needs both a number of submissions and a window in minutes (whole numbers, at least 1)',
        'Dates: the due date is before the open date',
      ],
    });
  });

  it('needs at least one exercise and a known policy', () => {
    expect(cohortPayload({ name: 'A', scorePolicy: 'mean', hiddenDetail: 'never', assignments: [] })).toEqual({
      problems: ['Which score counts: choose best or last', 'Exercises: pick at least one'],
    });
  });

  it('sends late-day tokens when given, and names a count that is not a whole number from 0 to 60', () => {
    const base = { name: 'A', scorePolicy: 'best', hiddenDetail: 'never', assignments: [fields({})] };
    const sent = cohortPayload({ ...base, lateDays: ' 3 ' });
    expect('payload' in sent && sent.payload.lateDays).toBe(3);
    const none = cohortPayload({ ...base, lateDays: '' });
    expect('payload' in none && JSON.stringify(none.payload)).not.toContain('lateDays');
    for (const lateDays of ['2.5', '61', '-1', 'three']) {
      expect(cohortPayload({ ...base, lateDays })).toEqual({
        problems: ['Late days: a whole number of days, from 0 to 60'],
      });
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  buildGradebook,
  countedScore,
  creditedScore,
  createJoinCode,
  deadlines,
  gradebookCsv,
  hiddenDetailVisible,
  lateDaysToSpend,
  normaliseJoinCode,
  parseRoster,
  rateLimit,
  reportForLearner,
  submissionsCsv,
  timing,
} from '../../../src/cohorts/index.ts';
import type { Assignment } from '../../../src/cohorts/index.ts';
import type { GradeReport } from '../../../src/schemas/index.ts';

const DAY = 86_400_000;
const T0 = Date.UTC(2027, 0, 10);

function assignment(overrides: Partial<Assignment> = {}): Assignment {
  return {
    exercise: '05-break-the-cycle',
    opensAt: T0 - 7 * DAY,
    dueAt: T0,
    lateDueAt: T0 + 2 * DAY,
    lateCreditPct: 50,
    rateLimit: null,
    ...overrides,
  };
}

describe('timing and late credit', () => {
  it('places a submission before opening, on time, late and after closing', () => {
    const a = assignment();
    expect(timing(a, T0 - 8 * DAY)).toBe('not_open');
    expect(timing(a, T0)).toBe('on_time');
    expect(timing(a, T0 + 1)).toBe('late');
    expect(timing(a, T0 + 2 * DAY)).toBe('late');
    expect(timing(a, T0 + 2 * DAY + 1)).toBe('closed');
    expect(timing(assignment({ lateDueAt: null }), T0 + 1)).toBe('closed');
    expect(timing(assignment({ dueAt: null, lateDueAt: null }), T0 + 100 * DAY)).toBe('on_time');
  });

  it('credits late work at the late percentage and closed work at nothing', () => {
    expect(creditedScore(80, 'on_time', 50)).toBe(80);
    expect(creditedScore(80, 'late', 50)).toBe(40);
    expect(creditedScore(77, 'late', 33.3)).toBe(25.64);
    expect(creditedScore(80, 'late', 150)).toBe(80);
    expect(creditedScore(80, 'closed', 50)).toBe(0);
  });

  it('an extension moves the due date and keeps the late window after it', () => {
    const a = assignment();
    const extension = { dueAt: T0 + 3 * DAY, lateDueAt: null };
    expect(deadlines(a, extension)).toEqual({ dueAt: T0 + 3 * DAY, lateDueAt: T0 + 5 * DAY });
    expect(timing(a, T0 + 3 * DAY, extension)).toBe('on_time');
    expect(timing(a, T0 + 4 * DAY, extension)).toBe('late');
    expect(timing(a, T0 + 4 * DAY, { dueAt: T0 + 3 * DAY, lateDueAt: T0 + 3 * DAY })).toBe('closed');
  });
});

describe('countedScore', () => {
  const attempts = [
    { id: 'a', submittedAt: T0 - 2 * DAY, score: 60 },
    { id: 'b', submittedAt: T0 - DAY, score: 90 },
    { id: 'c', submittedAt: T0 + DAY, score: 100 }, // late: 50
    { id: 'd', submittedAt: T0 + 3 * DAY, score: 100 }, // closed: does not count
  ];

  it('best counts the highest credited attempt, last the latest that counts', () => {
    expect(countedScore(assignment(), attempts, 'best')).toMatchObject({ score: 90, submissionId: 'b', late: false });
    expect(countedScore(assignment(), attempts, 'last')).toMatchObject({
      score: 50,
      submissionId: 'c',
      late: true,
      rawScore: 100,
    });
  });

  it('among equal best scores the earliest counts', () => {
    const tied = [
      { id: 'x', submittedAt: T0 - 3 * DAY, score: 70 },
      { id: 'y', submittedAt: T0 - 2 * DAY, score: 70 },
    ];
    expect(countedScore(assignment(), tied, 'best').submissionId).toBe('x');
  });

  it('an extension turns a late attempt into an on-time one', () => {
    // The late window keeps its two days after the new due date: d (day 3) is now late, not closed.
    const cell = countedScore(assignment(), attempts, 'last', { extension: { dueAt: T0 + 2 * DAY, lateDueAt: null } });
    expect(cell).toMatchObject({ score: 50, submissionId: 'd', late: true });
    const noLateWindow = { dueAt: T0 + 2 * DAY, lateDueAt: T0 + 2 * DAY };
    expect(countedScore(assignment(), attempts, 'last', { extension: noLateWindow })).toMatchObject({
      score: 100,
      submissionId: 'c',
      late: false,
    });
    const best = countedScore(assignment(), attempts, 'best', { extension: { dueAt: T0 + 2 * DAY, lateDueAt: null } });
    expect(best).toMatchObject({ score: 100, submissionId: 'c', late: false });
  });

  it('the latest override wins over every attempt and is marked', () => {
    const cell = countedScore(assignment(), attempts, 'best', {
      overrides: [
        { score: 10, reason: 'first', at: 1 },
        { score: 75, reason: 'regraded by hand', at: 2 },
      ],
    });
    expect(cell).toMatchObject({ score: 75, overridden: true, submissionId: 'b', rawScore: 90 });
  });

  it('nothing counts when there is no attempt in the window', () => {
    expect(countedScore(assignment(), [attempts[3]!], 'best')).toEqual({
      score: null,
      submissionId: null,
      late: false,
      overridden: false,
      rawScore: null,
    });
  });
});

describe('rateLimit', () => {
  const limit = { count: 3, windowMinutes: 60 };
  const now = T0;
  it('allows up to count in the window and says when the next one is allowed', () => {
    expect(rateLimit(null, [now, now, now, now], now)).toEqual({ allowed: true, remaining: null });
    expect(rateLimit(limit, [now - 10 * 60_000], now)).toEqual({ allowed: true, remaining: 1 });
    const full = [now - 50 * 60_000, now - 20 * 60_000, now - 5 * 60_000];
    expect(rateLimit(limit, full, now)).toEqual({ allowed: false, nextAt: now + 10 * 60_000 });
    // Older than the window: not counted.
    expect(rateLimit(limit, [now - 61 * 60_000, ...full.slice(1)], now)).toEqual({ allowed: true, remaining: 0 });
  });
});

describe('lateDaysToSpend', () => {
  const HOUR = 3_600_000;
  it('spends nothing on time, exactly at the due date included, or without a due date', () => {
    expect(lateDaysToSpend(assignment(), T0 - HOUR, null, 3)).toBeNull();
    expect(lateDaysToSpend(assignment(), T0, null, 3)).toBeNull();
    expect(lateDaysToSpend(assignment({ dueAt: null, lateDueAt: null }), T0 + 5 * DAY, null, 3)).toBeNull();
  });

  it('counts each started day: a millisecond late is one day, a day and a bit is two', () => {
    expect(lateDaysToSpend(assignment(), T0 + 1, null, 3)).toBe(1);
    expect(lateDaysToSpend(assignment(), T0 + DAY, null, 3)).toBe(1);
    expect(lateDaysToSpend(assignment(), T0 + DAY + 1, null, 3)).toBe(2);
    // Past the late window too: the tokens still make it count on time.
    expect(lateDaysToSpend(assignment(), T0 + 2.5 * DAY, null, 3)).toBe(3);
  });

  it('spends all or nothing: too few left (none, or fewer than needed) spends none', () => {
    expect(lateDaysToSpend(assignment(), T0 + HOUR, null, 0)).toBeNull();
    expect(lateDaysToSpend(assignment(), T0 + 1.5 * DAY, null, 1)).toBeNull();
    // Exactly as many as needed is enough.
    expect(lateDaysToSpend(assignment(), T0 + 1.5 * DAY, null, 2)).toBe(2);
  });

  it('counts from the learner’s extension: on time within it, days after it otherwise', () => {
    const extension = { dueAt: T0 + 2 * DAY, lateDueAt: null };
    expect(lateDaysToSpend(assignment(), T0 + 1.5 * DAY, extension, 3)).toBeNull();
    expect(lateDaysToSpend(assignment(), T0 + 2 * DAY, extension, 3)).toBeNull();
    expect(lateDaysToSpend(assignment(), T0 + 2 * DAY + HOUR, extension, 3)).toBe(1);
    expect(lateDaysToSpend(assignment(), T0 + 4.5 * DAY, extension, 2)).toBeNull();
  });
});

describe('hiddenDetailVisible', () => {
  it('follows the tier, after_due waiting for the late window and the learner’s extension', () => {
    const a = assignment();
    expect(hiddenDetailVisible('always', a, T0 - DAY)).toBe(true);
    expect(hiddenDetailVisible('never', a, T0 + 100 * DAY)).toBe(false);
    expect(hiddenDetailVisible('after_due', a, T0 + DAY)).toBe(false);
    expect(hiddenDetailVisible('after_due', a, T0 + 2 * DAY + 1)).toBe(true);
    expect(hiddenDetailVisible('after_due', a, T0 + 2 * DAY + 1, { dueAt: T0 + 5 * DAY, lateDueAt: null })).toBe(false);
    expect(hiddenDetailVisible('after_due', assignment({ dueAt: null, lateDueAt: null }), T0 + 100 * DAY)).toBe(false);
  });
});

describe('parseRoster', () => {
  it('imports good rows, reports each bad row by line, and ignores extra columns', () => {
    const csv = [
      'Name,Email,Student number',
      'Ada Lovelace,ADA@example.org,1',
      '"Hopper, Grace",grace@example.org,2',
      ',nobody@example.org,3',
      'No Email,,4',
      'Bad,not-an-address,5',
      'Ada Again,ada@example.org,6',
      '',
      '"Multi',
      'Line",multi@example.org,7',
    ].join('\r\n');
    const { entries, problems } = parseRoster(csv);
    expect(entries).toEqual([
      { email: 'ada@example.org', name: 'Ada Lovelace' },
      { email: 'grace@example.org', name: 'Hopper, Grace' },
      { email: 'multi@example.org', name: 'Multi Line' },
    ]);
    expect(problems).toEqual([
      { line: 4, message: 'the name for nobody@example.org is empty' },
      { line: 5, message: 'the email is empty' },
      { line: 6, message: '"not-an-address" is not an email address' },
      { line: 7, message: 'ada@example.org appears more than once; the first row is imported' },
    ]);
  });

  it('names a missing column and broken quoting', () => {
    expect(parseRoster('email,student\na@b.cd,1').problems[0]?.message).toMatch(/no name column/);
    expect(parseRoster('').problems[0]?.message).toMatch(/empty/);
    const broken = parseRoster('email,name\n"a@b.cd,Ann\n');
    expect(broken.entries).toEqual([]);
    expect(broken.problems[0]?.message).toMatch(/not valid CSV/);
  });
});

describe('gradebook export', () => {
  it('is RFC 4180 with CRLF, one row per learner sorted by name, and a total', () => {
    const a1 = assignment({ exercise: '01-a' });
    const a2 = assignment({ exercise: '02-b' });
    const book = buildGradebook({
      learners: [
        { id: 'u2', name: 'Zoe =HYPERLINK("x")', email: 'eve@example.org' },
        { id: 'u1', name: 'Ada, Countess', email: 'ada@example.org' },
      ],
      assignments: [a1, a2],
      policy: 'best',
      attempts: new Map([['u1', new Map([['01-a', [{ id: 's1', submittedAt: T0 - DAY, score: 80 }]]])]]),
      extensions: new Map(),
      overrides: new Map([['u2', new Map([['02-b', [{ score: 30, reason: 'oral exam', at: 1 }]]])]]),
    });
    expect(book.rows.map((row) => row.total)).toEqual([40, 15]);
    expect(gradebookCsv(book)).toBe(
      'name,email,01-a,02-b,total\r\n"Ada, Countess",ada@example.org,80,,40\r\n"Zoe =HYPERLINK(""x"")",eve@example.org,,30,15\r\n',
    );
  });

  it('defuses a cell that a spreadsheet would run as a formula', () => {
    const book = buildGradebook({
      learners: [{ id: 'u', name: '=cmd|"/c calc"!A1', email: '+1@example.org' }],
      assignments: [],
      policy: 'last',
      attempts: new Map(),
      extensions: new Map(),
      overrides: new Map(),
    });
    expect(gradebookCsv(book)).toBe('name,email,total\r\n"\'=cmd|""/c calc""!A1",\'+1@example.org,0\r\n');
  });

  it('lists submissions oldest first', () => {
    const csv = submissionsCsv([
      {
        id: 's2',
        name: 'B',
        email: 'b@x.io',
        exercise: '01-a',
        submittedAt: T0,
        status: 'graded',
        score: 50,
        late: true,
        filesHash: 'h2',
        graderVersion: 'g',
      },
      {
        id: 's1',
        name: 'A',
        email: 'a@x.io',
        exercise: '01-a',
        submittedAt: T0 - DAY,
        status: 'queued',
        score: null,
        late: false,
        filesHash: 'h1',
        graderVersion: '',
      },
    ]);
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe('submission,name,email,exercise,submitted_at,status,score,late,files_sha256,grader');
    expect(lines[1]).toBe('s1,A,a@x.io,01-a,2027-01-09T00:00:00.000Z,queued,,no,h1,');
    expect(lines[2]).toBe('s2,B,b@x.io,01-a,2027-01-10T00:00:00.000Z,graded,50,yes,h2,g');
    expect(lines[3]).toBe('');
  });
});

describe('join codes', () => {
  it('are 16 characters of an unambiguous alphabet in groups of four, and read back forgivingly', () => {
    let seed = 1;
    const code = createJoinCode((bytes) => bytes.map(() => (seed = (seed * 73 + 41) % 256)));
    expect(code).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(normaliseJoinCode(code.toLowerCase().replace(/-/g, ' '))).toBe(code);
    expect(normaliseJoinCode('abcd efgh oilx 1234')).toBe('ABCD-EFGH-011X-1234');
  });
});

describe('reportForLearner', () => {
  const hiddenSource =
    'class T(unittest.TestCase):\n    def test_secret(self):\n        self.assertEqual(total(), 42)\n';
  const report = {
    tests: [
      {
        id: 'v.T.test_a',
        suite: 'visible',
        name: 'T.test_a',
        description: null,
        status: 'fail',
        message: 'boom',
        output: 'out',
        durationMs: 1,
      },
      {
        id: 'h.T.test_secret',
        suite: 'hidden',
        name: 'T.test_secret',
        description: null,
        status: 'fail',
        message: 'Traceback:\n        self.assertEqual(total(), 42)\nAssertionError: 41 != 42',
        output: 'printed',
        durationMs: 1,
        failure: { assertion: 'assertEqual', expected: '42', actual: '41', summary: 'Expected 42, got 41.' },
      },
    ],
    audience: 'instructor',
  } as unknown as GradeReport;

  it('withholds hidden messages and output without detail', () => {
    const out = reportForLearner(report, { hiddenDetail: false, hiddenSources: [hiddenSource] });
    expect(out.audience).toBe('learner');
    expect(out.tests[0]).toEqual(report.tests[0]);
    expect(out.tests[1]).toMatchObject({ message: '', output: '', failure: null });
  });

  it('with detail, shows messages but never a line of the hidden test source, nor its output', () => {
    const out = reportForLearner(report, { hiddenDetail: true, hiddenSources: [hiddenSource] });
    expect(out.tests[1]?.message).toBe('Traceback:\nAssertionError: 41 != 42');
    expect(out.tests[1]?.output).toBe('');
    // the expected value comes from the hidden test: its structured failure is never shown
    expect(out.tests[1]?.failure).toBeNull();
  });
});

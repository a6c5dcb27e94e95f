/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-call, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-return --
   API responses are untyped JSON here on purpose: the assertions are what check their shape. */
// The cohort server end to end over its HTTP API, on the embedded PGlite and on a real Postgres
// (a throw-away cluster): accounts, cohorts, the authorization matrix, submissions graded in the
// sandbox from the queue, limits, CSRF, extensions, overrides, re-grades and the CSV exports.
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../src/runtime/node.ts';
import { startCohortServer } from '../../src/server/index.ts';
import type { CohortServer } from '../../src/server/index.ts';
import { grade } from '../../src/server/db/schema.ts';
import { startPostgres } from '../support/postgres.ts';
import type { TestPostgres } from '../support/postgres.ts';
import { ApiClient, ORIGIN, waitGraded } from './client.ts';

const EXERCISE = '01-import-side-effects';
const SECOND = '05-break-the-cycle';
const exercise = await loadExercise('exercises', EXERCISE);
const hiddenLines = Object.values(exercise.hidden)
  .flatMap((source) => source.split('\n'))
  .map((line) => line.trim())
  .filter((line) => line.length >= 12 && !line.startsWith('#') && !/^(import|from|class|def) /.test(line));

const DAY = 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

describe.each(['pglite', 'postgres'] as const)('cohort server on %s', (backend) => {
  let postgres: TestPostgres | null = null;
  let server: CohortServer;
  const clients: ApiClient[] = [];
  const client = (ip?: string) => {
    const made = new ApiClient(server, ip);
    clients.push(made);
    return made;
  };
  let instructor: ApiClient;
  let ta: ApiClient;
  let learner: ApiClient;
  let other: ApiClient;
  let outsider: ApiClient;
  let anonymous: ApiClient;
  let cohortId = '';
  let otherCohortId = '';
  let learnerId = '';
  let otherId = '';
  let joinCode = '';
  let starterSubmission = '';
  let solutionSubmission = '';

  beforeAll(async () => {
    let databaseUrl: string | null = null;
    if (backend === 'postgres') {
      postgres = await startPostgres();
      databaseUrl = await postgres.createDatabase('strata_test');
    }
    server = await startCohortServer({
      dataDir: 'memory://',
      databaseUrl,
      origin: ORIGIN,
      exercisesRoot: 'exercises',
      workers: 1,
      packageVersion: '0.0.0-test',
      signInPerMinute: 5,
    });
  }, 180_000);

  afterAll(async () => {
    await server?.close();
    postgres?.stop();
  }, 60_000);

  it('answers health with the database kind and queue counts', async () => {
    const health = await client().get('/api/health');
    expect(health.status).toBe(200);
    expect(health.json).toMatchObject({ ok: true, database: backend, queue: { queued: 0, active: 0 } });
  });

  it('makes the first instructor from the one-time setup link, once; sign-up cannot make one', async () => {
    expect(server.setupLink).toMatch(new RegExp(`^${ORIGIN}/cohorts/setup/#token=[\\w-]{40,}$`));
    const token = server.setupLink!.split('#token=')[1]!;
    instructor = client();
    const bad = await instructor.post('/api/setup', {
      token: 'x'.repeat(43),
      name: 'Ines',
      email: 'ines@example.org',
      password: 'correct horse',
    });
    expect(bad.status).toBe(403);
    const made = await instructor.post('/api/setup', {
      token,
      name: 'Ines',
      email: 'ines@example.org',
      password: 'correct horse',
    });
    expect(made.status).toBe(200);
    expect(instructor.cookie).toMatch(/session_token=/);
    expect((await instructor.get('/api/me')).json.user).toMatchObject({
      email: 'ines@example.org',
      isInstructor: true,
    });
    const again = await client().post('/api/setup', {
      token,
      name: 'Mallory',
      email: 'mallory@example.org',
      password: 'correct horse',
    });
    expect(again.status).toBe(403);

    const sneaky = client();
    const response = await sneaky.post('/api/auth/sign-up/email', {
      name: 'Sneaky',
      email: 'sneaky@example.org',
      password: 'a long password',
      isInstructor: true,
    });
    expect(response.status === 400 || (await sneaky.get('/api/me')).json.user?.isInstructor === false).toBe(true);
    expect((await sneaky.post('/api/cohorts', { name: 'Mine' })).status).toBe(403);
  });

  it('sends a new signed copy of the session with the answer once the browser has dropped its copy', async () => {
    const learner = client();
    await learner.signUp('Cookie Jar', 'cookie.jar@example.org');
    expect(learner.cookie).toMatch(/session_data=/);
    // A browser drops the signed copy at its Max-Age (the cookie cache's 50 s) and keeps the token.
    learner.jar.forgetSessionCopy();
    const read = await learner.get('/api/me');
    expect(read.json.user).toMatchObject({ email: 'cookie.jar@example.org' });
    const copy = read.headers.getSetCookie().find((line) => line.includes('session_data='));
    expect(copy).toMatch(/Max-Age=50/i);
    expect(copy).toMatch(/HttpOnly/i);
    expect(learner.cookie).toMatch(/session_data=/);
    // The next request is answered from the new copy: nothing to send again.
    const next = await learner.get('/api/me');
    expect(next.json.user).toMatchObject({ email: 'cookie.jar@example.org' });
    expect(next.headers.getSetCookie()).toEqual([]);
  });

  it('sets the session cookie HttpOnly and SameSite', async () => {
    const fresh = client();
    const response = await fresh.post('/api/auth/sign-in/email', {
      email: 'ines@example.org',
      password: 'correct horse',
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((line) => line.includes('session_token='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);
  });

  it('creates a cohort, and learners join by code and by roster import with bad rows reported', async () => {
    const now = Date.now();
    const created = await instructor.post('/api/cohorts', {
      name: 'Architecture, spring',
      scorePolicy: 'best',
      hiddenDetail: 'never',
      assignments: [
        {
          exercise: EXERCISE,
          opensAt: iso(now - DAY),
          dueAt: iso(now + 7 * DAY),
          rateLimit: { count: 3, windowMinutes: 60 },
        },
        { exercise: SECOND, dueAt: iso(now - DAY), lateDueAt: iso(now + DAY), lateCreditPct: 50 },
      ],
    });
    expect(created.status).toBe(201);
    cohortId = created.json.id;
    joinCode = created.json.joinCode;
    expect(joinCode).toMatch(/^[0-9A-Z]{4}(-[0-9A-Z]{4}){3}$/);
    expect(created.json.assignments.map((a: { exercise: string }) => a.exercise)).toEqual([EXERCISE, SECOND]);

    const invalid = await instructor.post('/api/cohorts', {
      name: 'Bad',
      assignments: [{ exercise: EXERCISE, dueAt: iso(now), lateDueAt: iso(now - DAY) }],
    });
    expect(invalid.status).toBe(400);
    expect(invalid.json.problems).toEqual(['assignments.0.lateDueAt: the late due date is before the due date']);
    expect(
      (await instructor.post('/api/cohorts', { name: 'X', assignments: [{ exercise: '99-nope' }] })).json.error,
    ).toMatch(/unknown exercise: 99-nope/);

    learner = client();
    learnerId = (await learner.signUp('Lea Learner', 'lea@example.org')).id;
    expect((await learner.post('/api/join', { code: joinCode.toLowerCase().replace(/-/g, ' ') })).status).toBe(200);

    other = client();
    otherId = (await other.signUp('Olu Other', 'olu@example.org')).id;
    const roster = await instructor.post(
      `/api/cohorts/${cohortId}/roster`,
      'email,name\r\nolu@example.org,Olu Other\r\nnew@example.org,"New, Person"\r\nbroken-address,Nobody\r\n',
      { 'content-type': 'text/csv' },
    );
    expect(roster.status).toBe(200);
    expect(roster.json).toEqual({
      enrolled: 1,
      invited: 1,
      problems: [{ line: 4, message: '"broken-address" is not an email address' }],
    });
    const newcomer = client();
    await newcomer.signUp('New Person', 'new@example.org');
    expect((await newcomer.get('/api/me')).json.cohorts).toEqual([
      { id: cohortId, name: 'Architecture, spring', role: 'learner' },
    ]);

    ta = client();
    await ta.signUp('Tariq TA', 'tariq@example.org');
    expect(
      (await instructor.post(`/api/cohorts/${cohortId}/staff`, { email: 'tariq@example.org', role: 'ta' })).status,
    ).toBe(200);

    outsider = client();
    await outsider.signUp('Otto Outsider', 'otto@example.org');
    const second = await instructor.post('/api/cohorts', {
      name: 'Other cohort',
      assignments: [{ exercise: EXERCISE }],
    });
    otherCohortId = second.json.id;
    expect((await outsider.post('/api/join', { code: second.json.joinCode })).status).toBe(200);
    anonymous = client();
  });

  it('grades submissions in the sandbox from the queue: the starter partly, the solution fully', async () => {
    const submit = (files: Record<string, string>) =>
      learner.post(`/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions`, { files });
    const first = await submit(exercise.starter);
    expect(first.status).toBe(202);
    expect(first.json).toMatchObject({ status: 'queued', late: false });
    starterSubmission = first.json.id;
    const starter = await waitGraded(learner, starterSubmission);
    expect(starter.status).toBe('graded');
    expect(starter.score).toBeGreaterThan(0);
    expect(starter.score).toBeLessThan(100);
    expect(starter.report.audience).toBe('learner');
    const hiddenTests = starter.report.tests.filter((test: { suite: string }) => test.suite === 'hidden');
    expect(hiddenTests.length).toBeGreaterThan(0);
    for (const test of hiddenTests) expect(test).toMatchObject({ message: '', output: '' });

    const second = await submit(exercise.solution);
    solutionSubmission = second.json.id;
    const solution = await waitGraded(learner, solutionSubmission);
    expect(solution).toMatchObject({ status: 'graded', score: 100 });
    expect(solution.graderVersion).toMatch(/^strata 0\.0\.0-test harness /);

    const history = await learner.get(`/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions`);
    expect(history.json.submissions.map((s: { id: string }) => s.id)).toEqual([solutionSubmission, starterSubmission]);
    const view = await learner.get(`/api/cohorts/${cohortId}`);
    expect(view.json.scores[EXERCISE]).toMatchObject({ score: 100, submissionId: solutionSubmission, late: false });
    expect(view.json.joinCode).toBeUndefined();

    const staffView = await ta.get(`/api/submissions/${starterSubmission}`);
    expect(staffView.json.report.audience).toBe('instructor');
    expect(staffView.json.files).toEqual(exercise.starter);
  }, 240_000);

  it('counts a late submission with late credit', async () => {
    const solution = (await loadExercise('exercises', SECOND)).solution;
    const late = await other.post(`/api/cohorts/${cohortId}/exercises/${SECOND}/submissions`, { files: solution });
    expect(late.status).toBe(202);
    expect(late.json.late).toBe(true);
    expect((await waitGraded(other, late.json.id)).score).toBe(100);
    const book = await instructor.get(`/api/cohorts/${cohortId}/gradebook`);
    const row = book.json.rows.find((r: { learner: { id: string } }) => r.learner.id === otherId);
    expect(row.cells[1]).toMatchObject({ score: 50, late: true, rawScore: 100 });
  }, 120_000);

  it('refuses bad submissions with a reason per file, and keeps the rate limit', async () => {
    const url = `/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions`;
    const hostile = await learner.post(url, {
      files: { '../escape.py': 'x = 1', 'big.py': 'y'.repeat(300 * 1024), 'ok.py': 'x = 1' },
    });
    expect(hostile.status).toBe(422);
    expect(hostile.json.problems).toEqual([
      expect.stringMatching(/^refused \.\.\/escape\.py: /),
      expect.stringMatching(/^big\.py: 307200 bytes; a file may have at most 262144$/),
    ]);
    expect((await learner.post(url, { files: {} })).json.problems).toEqual(['the submission has no files']);
    const binary = await learner.post(url, { files: { 'reports/app.py': 'x = 1\ny = "\u0000"\n' } });
    expect(binary.status).toBe(422);
    expect(binary.json.problems).toEqual([
      'reports/app.py: line 2 contains a NUL character; source files must be text',
    ]);
    expect((await learner.post(url, 'not json', { 'content-type': 'application/json' })).status).toBe(400);
    // Two accepted so far in the last hour; the limit is three.
    const third = await learner.post(url, { files: exercise.starter });
    expect(third.status).toBe(202);
    const fourth = await learner.post(url, { files: exercise.starter });
    expect(fourth.status).toBe(429);
    expect(Date.parse(fourth.json.nextAt)).toBeGreaterThan(Date.now());
    await waitGraded(learner, third.json.id);
  }, 120_000);

  it('refuses state-changing requests from another origin or with none', async () => {
    const cross = await learner.post('/api/join', { code: joinCode }, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
    const none = await learner.call('POST', '/api/join', JSON.stringify({ code: joinCode }), { origin: '' });
    expect(none.status).toBe(403);
    const sibling = await learner.post('/api/join', { code: joinCode }, { 'sec-fetch-site': 'same-site' });
    expect(sibling.status).toBe(403);
  });

  it('limits sign-in attempts per address', async () => {
    const guesser = client('10.9.8.7');
    const statuses: number[] = [];
    for (let i = 0; i < 7; i += 1) {
      statuses.push(
        (await guesser.post('/api/auth/sign-in/email', { email: 'lea@example.org', password: `guess ${i}` })).status,
      );
    }
    expect(statuses.slice(0, 5).every((status) => status === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
    // Another address is not affected.
    const fine = client('10.9.8.8');
    expect(
      (await fine.post('/api/auth/sign-in/email', { email: 'lea@example.org', password: 'a long password' })).status,
    ).toBe(200);
  });

  it('keeps every route to the people who may call it (authorization matrix)', async () => {
    type Actor = 'anonymous' | 'outsider' | 'learner' | 'other' | 'ta' | 'instructor';
    const actors: Record<Actor, ApiClient> = { anonymous, outsider, learner, other, ta, instructor };
    const routes: { name: string; call: (c: ApiClient) => Promise<{ status: number }>; allowed: Actor[] }[] = [
      {
        name: 'read cohort',
        call: (c) => c.get(`/api/cohorts/${cohortId}`),
        allowed: ['learner', 'other', 'ta', 'instructor'],
      },
      {
        name: 'update cohort',
        call: (c) =>
          c.put(`/api/cohorts/${cohortId}`, {
            name: 'Renamed',
            assignments: [{ exercise: EXERCISE }, { exercise: SECOND }],
          }),
        allowed: ['instructor'],
      },
      { name: 'members', call: (c) => c.get(`/api/cohorts/${cohortId}/members`), allowed: ['ta', 'instructor'] },
      {
        name: 'roster import',
        call: (c) => c.post(`/api/cohorts/${cohortId}/roster`, 'email,name\r\n', { 'content-type': 'text/csv' }),
        allowed: ['instructor'],
      },
      {
        name: 'add staff',
        call: (c) => c.post(`/api/cohorts/${cohortId}/staff`, { email: 'tariq@example.org', role: 'ta' }),
        allowed: ['instructor'],
      },
      {
        name: 'join code',
        call: (c) => c.post(`/api/cohorts/${cohortId}/join-code`, { enabled: true }),
        allowed: ['instructor'],
      },
      {
        name: 'extension',
        call: (c) =>
          c.post(`/api/cohorts/${cohortId}/extensions`, {
            userId: learnerId,
            exercise: EXERCISE,
            dueAt: iso(Date.now() + 9 * DAY),
          }),
        allowed: ['ta', 'instructor'],
      },
      {
        name: 'override',
        call: (c) =>
          c.post(`/api/cohorts/${cohortId}/overrides`, {
            userId: learnerId,
            exercise: SECOND,
            score: 1,
            reason: 'matrix',
          }),
        allowed: ['instructor'],
      },
      { name: 'gradebook', call: (c) => c.get(`/api/cohorts/${cohortId}/gradebook`), allowed: ['ta', 'instructor'] },
      {
        name: 'gradebook csv',
        call: (c) => c.get(`/api/cohorts/${cohortId}/gradebook?format=csv`),
        allowed: ['ta', 'instructor'],
      },
      {
        name: 'submissions csv',
        call: (c) => c.get(`/api/cohorts/${cohortId}/submissions.csv`),
        allowed: ['ta', 'instructor'],
      },
      { name: 'audit', call: (c) => c.get(`/api/cohorts/${cohortId}/audit`), allowed: ['instructor'] },
      {
        name: 'a learner’s submission',
        call: (c) => c.get(`/api/submissions/${starterSubmission}`),
        allowed: ['learner', 'ta', 'instructor'],
      },
      {
        name: 'submission history',
        call: (c) => c.get(`/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions`),
        allowed: ['learner', 'other', 'ta', 'instructor'],
      },
      {
        name: 'submit',
        call: (c) => c.post(`/api/cohorts/${cohortId}/exercises/${SECOND}/submissions`, { files: { '../x': '' } }),
        allowed: ['learner', 'other'], // allowed through, then refused for the bad file (422)
      },
      {
        name: 'create cohort',
        call: (c) => c.post('/api/cohorts', { name: 'Matrix cohort' }),
        allowed: ['instructor'],
      },
      {
        name: 'regrade',
        call: (c) => c.post(`/api/cohorts/${cohortId}/regrades`, { submission: 'nope' }),
        allowed: ['instructor'],
      },
    ];
    const failures: string[] = [];
    for (const route of routes) {
      for (const [name, actor] of Object.entries(actors) as [Actor, ApiClient][]) {
        const { status } = await route.call(actor);
        const permitted = route.allowed.includes(name);
        const ok = permitted
          ? status < 400 || status === 422 || (route.name === 'regrade' && status === 404)
          : [401, 403, 404].includes(status);
        if (!ok) failures.push(`${route.name} as ${name}: ${status}`);
        if (name === 'anonymous' && status !== 401 && !permitted)
          failures.push(`${route.name} as anonymous: ${status}, not 401`);
      }
    }
    expect(failures).toEqual([]);

    // Learners see their own history only, whatever they ask for.
    const asked = await other.get(`/api/cohorts/${cohortId}/exercises/${EXERCISE}/submissions?user=${learnerId}`);
    expect(asked.json.submissions).toEqual([]);
    // Nothing of another cohort is visible to its non-members: same answer as a cohort that does not exist.
    expect((await learner.get(`/api/cohorts/${otherCohortId}`)).status).toBe(404);
    expect((await learner.get('/api/cohorts/00000000-0000-0000-0000-000000000000')).status).toBe(404);
  }, 120_000);

  it('grants extensions, overrides with an audit trail, re-grades and shows the changed cells, exports CSV', async () => {
    expect(
      (
        await ta.post(`/api/cohorts/${cohortId}/extensions`, {
          userId: otherId,
          exercise: SECOND,
          dueAt: iso(Date.now() + DAY),
        })
      ).status,
    ).toBe(200);
    let book = await instructor.get(`/api/cohorts/${cohortId}/gradebook`);
    let row = book.json.rows.find((r: { learner: { id: string } }) => r.learner.id === otherId);
    expect(row.cells[1]).toMatchObject({ score: 100, late: false });

    const override = await instructor.post(`/api/cohorts/${cohortId}/overrides`, {
      userId: learnerId,
      exercise: EXERCISE,
      score: 95,
      reason: 'used a helper the tests did not expect',
    });
    expect(override.status).toBe(200);
    expect(
      (
        await instructor.post(`/api/cohorts/${cohortId}/overrides`, {
          userId: learnerId,
          exercise: EXERCISE,
          score: 5,
          reason: '',
        })
      ).status,
    ).toBe(400);
    const audit = await instructor.get(`/api/cohorts/${cohortId}/audit`);
    expect(audit.json.entries.map((e: { action: string }) => e.action)).toEqual(
      expect.arrayContaining(['score.overridden', 'extension.granted', 'roster.imported', 'cohort.created']),
    );

    // A grade recorded wrong (an older grader, say): the re-grade puts it right and says so.
    await server.database.db.update(grade).set({ score: 40 }).where(eq(grade.submissionId, solutionSubmission));
    const otherRowBefore = (await instructor.get(`/api/cohorts/${cohortId}/gradebook`)).json.rows.find(
      (r: { learner: { id: string } }) => r.learner.id === otherId,
    );
    expect(otherRowBefore.cells[1].score).toBe(100);
    await server.database.db
      .update(grade)
      .set({ score: 40 })
      .where(eq(grade.submissionId, otherRowBefore.cells[1].submissionId));
    const regradeAll = async () => {
      const run = await instructor.post(`/api/cohorts/${cohortId}/regrades`, { exercise: SECOND, review: true });
      expect(run.status).toBe(202);
      let status;
      for (;;) {
        status = await instructor.get(`/api/cohorts/${cohortId}/regrades/${run.json.id}`);
        if (status.json.finished) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      expect(status.json.done).toBe(run.json.total);
      expect(status.json.decision).toBeNull();
      expect(status.json.changes).toEqual([
        { userId: otherId, exercise: SECOND, before: 40, after: 100, decision: null },
      ]);
      return run;
    };
    const changesOf = async (id: string) =>
      (await instructor.get(`/api/cohorts/${cohortId}/regrades/${id}`)).json.changes as { decision: string | null }[];
    const otherCell = async () =>
      (await instructor.get(`/api/cohorts/${cohortId}/gradebook`)).json.rows.find(
        (r: { learner: { id: string } }) => r.learner.id === otherId,
      ).cells[1].score;
    // Nothing in the gradebook changes until the instructor accepts a run; a discarded one changes nothing.
    const discarded = await regradeAll();
    expect(await otherCell()).toBe(40);
    const decide = (client: ApiClient, id: string, accept: boolean) =>
      client.post(`/api/cohorts/${cohortId}/regrades/${id}/decision`, { accept });
    expect((await decide(ta, discarded.json.id, false)).status).toBe(403);
    expect((await decide(instructor, discarded.json.id, false)).json).toEqual({ decision: 'discarded', applied: 0 });
    expect(await otherCell()).toBe(40);
    // One cell at a time: a cell discarded stays as it was when the rest of the run is accepted.
    const cell = { userId: otherId, exercise: SECOND };
    const decideCells = (id: string, accept: boolean, cells: unknown) =>
      instructor.post(`/api/cohorts/${cohortId}/regrades/${id}/decision`, { accept, cells });
    const partly = await regradeAll();
    expect((await decideCells(partly.json.id, false, [cell])).json).toEqual({ decision: 'discarded', applied: 0 });
    expect((await changesOf(partly.json.id)).map((change) => change.decision)).toEqual(['discarded']);
    const rest = await decide(instructor, partly.json.id, true);
    expect(rest.json.decision).toBe('accepted');
    expect(rest.json.applied).toBeLessThan(partly.json.total);
    expect(await otherCell()).toBe(40);
    expect((await changesOf(partly.json.id)).map((change) => change.decision)).toEqual(['discarded']);
    // Bad cell lists are refused with the field named.
    const run = await regradeAll();
    const empty = await decideCells(run.json.id, true, []);
    expect(empty.status).toBe(400);
    expect(empty.json.problems).toEqual(['cells: list at least one cell, or leave cells out to decide the whole run']);
    const stranger = await decideCells(run.json.id, true, [{ userId: 'nobody', exercise: SECOND }]);
    expect(stranger.status).toBe(409);
    expect(stranger.json.problems).toEqual([`cells.0: the re-grade has no grade of this learner on ${SECOND}`]);
    // Accepting one cell applies it alone; the rest of the run, accepted after, applies the others.
    const one = await decideCells(run.json.id, true, [cell]);
    expect(one.json.decision).toBe('accepted');
    expect(one.json.applied).toBeGreaterThan(0);
    expect(await otherCell()).toBe(100);
    expect((await changesOf(run.json.id)).map((change) => change.decision)).toEqual(['accepted']);
    const twice = await decideCells(run.json.id, false, [cell]);
    expect(twice.status).toBe(409);
    expect(twice.json.problems).toEqual(["cells.0: this cell's change was already accepted"]);
    const others = await decide(instructor, run.json.id, true);
    expect(others.json.applied + one.json.applied).toBe(run.json.total);
    expect(await otherCell()).toBe(100);
    expect((await decide(instructor, run.json.id, false)).status).toBe(409);

    book = await instructor.get(`/api/cohorts/${cohortId}/gradebook`);
    row = book.json.rows.find((r: { learner: { id: string } }) => r.learner.id === learnerId);
    expect(row.cells[0]).toMatchObject({ score: 95, overridden: true });

    const csv = await instructor.get(`/api/cohorts/${cohortId}/gradebook?format=csv`);
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = csv.text.split('\r\n');
    expect(lines[0]).toBe(`name,email,${EXERCISE},${SECOND},total`);
    // 1 on the second exercise: the override the authorization matrix made as the instructor.
    expect(lines).toContain(`Lea Learner,lea@example.org,95,1,48`);
    expect(lines).toContain(`Olu Other,olu@example.org,,100,50`);
    expect(lines.at(-1)).toBe('');
    const submissions = await ta.get(`/api/cohorts/${cohortId}/submissions.csv`);
    expect(submissions.text.split('\r\n')[0]).toBe(
      'submission,name,email,exercise,submitted_at,status,score,late,files_sha256,grader',
    );
    expect(submissions.text).toContain(solutionSubmission);
  }, 240_000);

  it('keeps a learner’s working copy for their other browsers', async () => {
    const files = { ...exercise.starter, 'notes.txt': 'half way' };
    expect((await learner.put(`/api/workspace/${EXERCISE}`, { files })).status).toBe(200);
    const elsewhere = client();
    expect(
      (await elsewhere.post('/api/auth/sign-in/email', { email: 'lea@example.org', password: 'a long password' }))
        .status,
    ).toBe(200);
    expect((await elsewhere.get(`/api/workspace/${EXERCISE}`)).json.files).toEqual(files);
    expect((await other.get(`/api/workspace/${EXERCISE}`)).json.files).toBeNull();
  });

  it('merges a learner’s progress from every browser, replaces it on a reset, and keeps it to them', async () => {
    const lessonAt = '2026-11-01T10:00:00.000Z';
    const first = {
      version: 1,
      lessons: { 'what-import-does': { readAt: lessonAt } },
      quizzes: { 'what-import-does/q1': { passed: false, answer: [2], at: '2026-11-01T10:05:00.000Z' } },
      exercises: {},
      checks: { [EXERCISE]: { best: 40, last: 40, count: 1, at: '2026-11-01T10:10:00.000Z' } },
    };
    const sent = await learner.put('/api/progress', { progress: first });
    expect(sent.status).toBe(200);
    expect(sent.json.progress).toEqual(first);

    // Another browser of the same learner: what it recorded joins what the first one did.
    const elsewhere = client();
    await elsewhere.post('/api/auth/sign-in/email', { email: 'lea@example.org', password: 'a long password' });
    const second = {
      version: 1,
      lessons: { 'project-layout': { readAt: '2026-11-02T09:00:00.000Z' } },
      quizzes: { 'what-import-does/q1': { passed: true, answer: [1], at: '2026-11-02T09:01:00.000Z' } },
      exercises: { [EXERCISE]: { completedAt: '2026-11-02T09:30:00.000Z', score: 100 } },
      checks: { [EXERCISE]: { best: 100, last: 100, count: 1, at: '2026-11-02T09:30:00.000Z' } },
    };
    const merged = (await elsewhere.put('/api/progress', { progress: second })).json.progress;
    expect(Object.keys(merged.lessons).sort()).toEqual(['project-layout', 'what-import-does']);
    expect(merged.quizzes['what-import-does/q1']).toMatchObject({ passed: true, answer: [1] });
    expect(merged.exercises[EXERCISE]).toMatchObject({ score: 100 });
    expect(merged.checks[EXERCISE]).toEqual({ best: 100, last: 100, count: 1, at: '2026-11-02T09:30:00.000Z' });
    // An older copy sent again (the first browser, still open) takes nothing away.
    expect((await learner.put('/api/progress', { progress: first })).json.progress).toEqual(merged);
    expect((await learner.get('/api/progress')).json.progress).toEqual(merged);

    // Two browsers at once: both changes are kept (the row is locked for each merge).
    const lessons = ['layered-architecture', 'dependency-inversion', 'modular-monolith', 'naming-that-scales'];
    await Promise.all(
      lessons.map((slug, i) =>
        (i % 2 ? learner : elsewhere).put('/api/progress', {
          progress: { version: 1, lessons: { [slug]: { readAt: lessonAt } }, quizzes: {}, exercises: {}, checks: {} },
        }),
      ),
    );
    const after = (await learner.get('/api/progress')).json.progress;
    expect(Object.keys(after.lessons)).toEqual(expect.arrayContaining([...lessons, 'project-layout']));

    // Malformed entries are dropped, not stored; a body that is not progress is refused by field.
    const junk = await learner.put('/api/progress', {
      progress: { version: 1, lessons: { x: 'not an entry' }, checks: { y: { best: 900, last: 1, count: 1 } } },
    });
    expect(junk.status).toBe(200);
    expect(junk.json.progress.lessons.x).toBeUndefined();
    expect(junk.json.progress.checks.y).toBeUndefined();
    const refused = await learner.put('/api/progress', { progress: 'everything' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.json)).toContain('progress');

    // A reset in one browser replaces the account's copy too.
    const empty = { version: 1, lessons: {}, quizzes: {}, exercises: {}, checks: {} };
    expect((await elsewhere.put('/api/progress', { progress: empty, replace: true })).json.progress).toEqual(empty);
    expect((await learner.get('/api/progress')).json.progress).toEqual(empty);

    // Nobody else sees it, and nobody signed out can send one.
    expect((await other.get('/api/progress')).json.progress.lessons).toEqual({});
    expect((await anonymous.get('/api/progress')).status).toBe(401);
    expect((await anonymous.put('/api/progress', { progress: first })).status).toBe(401);
  });

  it('never sends a hidden test’s source in any response', () => {
    expect(hiddenLines.length).toBeGreaterThan(3);
    const leaks: string[] = [];
    for (const made of clients) {
      if (made === instructor || made === ta) continue;
      for (const body of made.bodies) for (const line of hiddenLines) if (body.includes(line)) leaks.push(line);
    }
    expect(leaks).toEqual([]);
  });
});

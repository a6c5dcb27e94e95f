// A fault drill on a real Postgres with real `strata serve` and `strata worker` processes: Postgres
// stopped and started while workers grade and poll. Nothing is lost and nothing graded twice; every
// process rides it out. (The other drills: fault-drills, grading-time-drills, lost-worker-drills.)
import { describe, expect, it } from 'vitest';
import { ApiClient, overHttp } from './client.ts';
import { slow, until, useDrills, wait } from './drills.ts';

describe('a Postgres outage drill with worker processes', () => {
  const { postgres, freshDatabase, web, worker, cohortWith, ledger, settled } = useDrills();

  it('Postgres stopped and started while workers grade and poll: nothing lost, nothing twice', async () => {
    const { url, pool } = await freshDatabase();
    const server = await web(url);
    const { learners, submit } = await cohortWith(server, 8);
    const workers = await Promise.all([worker(url), worker(url)]);
    // Two grade at a time, so most are still queued when Postgres stops.
    const ids = await Promise.all(learners.map((learner) => submit(learner, slow)));
    await until('grading is under way', async () => {
      const rows = await ledger(pool);
      return rows.some((row) => row.status === 'grading') && rows.some((row) => row.status === 'queued')
        ? true
        : undefined;
    });
    postgres().pause();
    // The web server sees the database gone before it comes back.
    await until('the web server notices', async () =>
      (await learners[0]!.get('/api/me').catch(() => ({ status: 0 }))).status >= 500 ? true : undefined,
    );
    await wait(3_000); // and the workers poll into the outage for a few seconds
    postgres().resume();

    const rows = await settled(pool, ids.length);
    expect(rows.filter((row) => row.status === 'graded').length).toBe(ids.length);
    // Every process rode it out.
    for (const p of [server, ...workers]) expect(p.child.exitCode, p.output()).toBeNull();
    const health = await new ApiClient(overHttp(server.url)).get('/api/health');
    expect(health.status).toBe(200);
  }, 900_000);
});

import { describe, expect, it } from 'vitest';
import { applyEssentials, buildFeedback, computeScore, hintMatchesTest } from '../../../src/grading/index.ts';
import { makeReport, makeTest, meta } from './fixtures.ts';

const contracts = makeReport().contracts;

describe('computeScore', () => {
  it('weights each part by the share of its items that passed', () => {
    const { score, parts } = computeScore({
      weights: meta.weights,
      contracts,
      visible: [makeTest('visible', 'a', 'pass')],
      hidden: [makeTest('hidden', 'a', 'pass'), makeTest('hidden', 'b', 'fail')],
    });
    expect(parts.contracts).toEqual({ weight: 30, earned: 15, passed: 1, total: 2, ran: true });
    expect(parts.hidden).toEqual({ weight: 50, earned: 25, passed: 1, total: 2, ran: true });
    expect(score).toBe(60);
  });

  it('spreads the weight of a part that was not graded over the others (--no-hidden)', () => {
    const { score, parts } = computeScore({
      weights: meta.weights,
      contracts,
      visible: [makeTest('visible', 'a', 'pass')],
      hidden: null,
    });
    expect(parts.hidden.ran).toBe(false);
    expect(parts.contracts.weight).toBe(60);
    expect(parts.visible.weight).toBe(40);
    expect(score).toBe(70);
  });

  it('keeps the weight of a part that failed to run, and gives it nothing', () => {
    const { score, parts } = computeScore({
      weights: meta.weights,
      contracts: [contracts[0]!],
      visible: 'failed',
      hidden: 'failed',
    });
    expect(parts.hidden).toMatchObject({ weight: 50, earned: 0, ran: true });
    expect(score).toBe(30);
  });

  it('counts a skipped test as not passed, so a skip cannot shrink the total', () => {
    const { parts } = computeScore({
      weights: meta.weights,
      contracts,
      visible: null,
      hidden: [makeTest('hidden', 'a', 'skipped'), makeTest('hidden', 'b', 'pass')],
    });
    expect(parts.hidden).toMatchObject({ passed: 1, total: 2 });
  });
});

describe('feedback', () => {
  it('matches hint patterns against method names, ids and prefixes', () => {
    const test = makeTest('hidden', 'test_total_by_region_empty', 'fail');
    expect(hintMatchesTest('test_total_by_region', test)).toBe(true);
    expect(hintMatchesTest('test_x.XTest', test)).toBe(true);
    expect(hintMatchesTest(test.id, test)).toBe(true);
    expect(hintMatchesTest('test_import', test)).toBe(false);
  });

  it('links each failure to the first matching hint and its lesson section', () => {
    const feedback = buildFeedback(meta, contracts, [
      makeTest('hidden', 'test_import_has_no_side_effects', 'fail'),
      makeTest('hidden', 'test_total_by_region', 'error'),
      makeTest('hidden', 'test_unrelated', 'timeout'),
      makeTest('hidden', 'test_fine', 'pass'),
    ]);
    expect(feedback.map((f) => [f.kind, f.target.split('.').pop(), f.hint, f.href])).toEqual([
      ['contract', 'Summary logic does no I/O', 2, '/lessons/what-import-does/'],
      ['test', 'test_import_has_no_side_effects', 1, '/lessons/what-import-does/#keep-import-time-boring'],
      ['test', 'test_total_by_region', 2, '/lessons/what-import-does/'],
      ['test', 'test_unrelated', null, '/lessons/what-import-does/'],
    ]);
    expect(feedback[3]?.text).toMatch(/Re-read the lesson/);
  });
});

describe('applyEssentials', () => {
  const essential = (over: Partial<Parameters<typeof applyEssentials>[1][number]> = {}) => ({
    tests: [] as string[],
    contracts: [] as string[],
    cap: 50,
    why: 'An invoice is an entity: equal by its id.',
    ...over,
  });
  const passing = [makeTest('hidden', 'test_identity', 'pass'), makeTest('hidden', 'test_total', 'pass')];

  it('holds the score to the cap while a named test fails, and says why', () => {
    const tests = [makeTest('hidden', 'test_identity', 'fail'), makeTest('hidden', 'test_total', 'pass')];
    const held = applyEssentials(84, [essential({ tests: ['XTest.test_identity'] })], contracts, tests);
    expect(held).toEqual({
      score: 50,
      cap: { cap: 50, uncapped: 84, why: 'An invoice is an entity: equal by its id.' },
    });
  });

  it('matches tests by prefix, and a broken contract the same way', () => {
    const tests = [makeTest('hidden', 'test_identity', 'error'), makeTest('hidden', 'test_total', 'pass')];
    expect(applyEssentials(90, [essential({ tests: ['XTest.'] })], contracts, tests).score).toBe(50);
    // contracts[1] ("Summary logic does no I/O") is broken in the fixture report.
    const byContract = applyEssentials(
      90,
      [essential({ contracts: ['Summary logic does no I/O'] })],
      contracts,
      passing,
    );
    expect(byContract.score).toBe(50);
    expect(applyEssentials(90, [essential({ contracts: ['Layers'] })], contracts, passing)).toEqual({
      score: 90,
      cap: null,
    });
  });

  it('uses the lowest cap among the failing essentials, and never raises a score', () => {
    const tests = [makeTest('hidden', 'test_identity', 'fail'), makeTest('hidden', 'test_total', 'fail')];
    const both = [
      essential({ tests: ['XTest.test_identity'], cap: 60 }),
      essential({ tests: ['XTest.test_total'], cap: 30, why: 'Totals are the point of this one.' }),
    ];
    expect(applyEssentials(75, both, contracts, tests)).toMatchObject({ score: 30, cap: { cap: 30, uncapped: 75 } });
    expect(applyEssentials(20, both, contracts, tests)).toEqual({ score: 20, cap: null });
  });

  it('caps nothing when the named checks pass or did not run', () => {
    expect(applyEssentials(95, [essential({ tests: ['XTest.test_identity'] })], contracts, passing).cap).toBeNull();
    expect(applyEssentials(95, [essential({ tests: ['XTest.test_hidden_only'] })], contracts, []).cap).toBeNull();
  });
});

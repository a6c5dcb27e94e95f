import { describe, expect, it } from 'vitest';
import {
  csvField,
  formatText,
  gradebookCsv,
  gradebookRow,
  GRADEBOOK_HEADER,
  methodSource,
  toExercism,
  toGradescope,
  toJUnit,
  cleanMessage,
  withAbsoluteLinks,
} from '../../../src/grading/index.ts';
import { gradeReportSchema } from '../../../src/schemas/index.ts';
import { makeReport, makeTest } from './fixtures.ts';

const report = makeReport();

describe('report formats', () => {
  it('the fixture is a valid grade report', () => {
    expect(gradeReportSchema.safeParse(report).success).toBe(true);
  });

  it('text names every contract and test, the offending import line and the score', () => {
    const text = formatText(report, { title: 'Imports without side effects' });
    expect(text).toContain('Score: 65.0 / 100 (fail)');
    expect(text).toContain('BROKEN Summary logic does no I/O');
    expect(text).toContain('reports/summary.py:1  imports reports.db');
    expect(text).toMatch(/TIMEOUT\s+XTest.test_slow/);
  });

  it('Gradescope: tests add up to the score, hidden tests appear after publishing', () => {
    const gs = toGradescope(report);
    const sum = gs.tests.reduce((total, test) => total + test.score, 0);
    const max = gs.tests.reduce((total, test) => total + test.max_score, 0);
    expect(sum).toBeCloseTo(report.score, 3);
    expect(max).toBeCloseTo(100, 3);
    expect(gs.score).toBe(65);
    expect(gs.tests.filter((t) => t.visibility === 'after_published')).toHaveLength(5);
    expect(gs.tests.find((t) => t.name === 'Contract: Summary logic does no I/O')).toMatchObject({
      status: 'failed',
      score: 0,
      max_score: 15,
    });
    expect(gs.tests.every((t) => ['passed', 'failed'].includes(t.status))).toBe(true);
  });

  it('Gradescope: with hidden tests, the visible output states no total and no hint about a hidden test', () => {
    const hint = (target: string, kind: 'test' | 'contract', text: string) => ({
      kind,
      target,
      hint: 1,
      text,
      lesson: 'what-import-does',
      section: 'keep-import-time-boring',
      href: 'https://course.example.org/lessons/what-import-does/#keep-import-time-boring',
    });
    const hinted = makeReport({
      feedback: [
        hint('hidden.test_x.XTest.test_total_by_region', 'test', 'Pass the rows in.'),
        hint('Summary logic does no I/O', 'contract', 'Do not import the database.'),
      ],
      errors: ['exercise test files: hidden/test_x.py: cannot compile test file'],
    });
    const gs = toGradescope(hinted);
    expect(gs.output).not.toMatch(/65|Score|Pass the rows in|hidden\/test_x/);
    expect(gs.output).toContain('Contracts kept: 1 of 2. Visible tests passed: 1 of 1.');
    expect(gs.output).toContain('- Do not import the database. (https://course.example.org/lessons/');
    const hiddenTest = gs.tests.find((t) => t.name === 'XTest.test_total_by_region');
    expect(hiddenTest).toMatchObject({ visibility: 'after_published' });
    expect(hiddenTest?.output).toContain('- Pass the rows in. (https://course.example.org/');
    const visibleOnly = toGradescope(makeReport({ tests: report.tests.filter((t) => t.suite === 'visible') }));
    expect(visibleOnly.output).toMatch(/^Score 65 \/ 100 \(fail\)\./);
  });

  it('Gradescope: a contract that could not be checked says why', () => {
    const unchecked = makeReport({
      contracts: [
        {
          name: 'Layers',
          type: 'layers',
          kept: false,
          violations: [],
          warnings: ["Syntax error in reports/db.py, line 3: '(' was never closed"],
        },
      ],
    });
    expect(toGradescope(unchecked).tests[0]?.output).toBe(
      "This contract could not be checked, so it counts as broken:\n- Syntax error in reports/db.py, line 3: '(' was never closed",
    );
  });

  it('Exercism v3: version, status, message only on failures, output capped at 500', () => {
    const long = makeReport({
      tests: [{ ...report.tests[0]!, status: 'fail', message: 'boom', output: 'x'.repeat(900) }],
    });
    const ex = toExercism(long, {});
    expect(ex.version).toBe(3);
    expect(ex.status).toBe('fail');
    expect(ex.tests[0]).toMatchObject({ name: 'Contract: Layers', status: 'pass' });
    expect(ex.tests[0]).not.toHaveProperty('message');
    expect(ex.tests[2]?.output?.length).toBeLessThanOrEqual(500);
    expect(ex.tests.every((t) => typeof t.test_code === 'string')).toBe(true);
    const errored = toExercism(makeReport({ status: 'error', tests: [], errors: ['tests could not be run: boom'] }));
    expect(errored).toMatchObject({ status: 'error', message: 'tests could not be run: boom' });
  });

  it('Exercism: status error with a message when the code does not compile or every test errors', () => {
    const compile = makeReport({
      contracts: [
        {
          name: 'Layers',
          type: 'layers',
          kept: false,
          violations: [],
          warnings: ["Syntax error in reports/db.py, line 3: '(' was never closed"],
        },
      ],
    });
    expect(toExercism(compile)).toMatchObject({
      status: 'error',
      message: "Your code does not compile: Syntax error in reports/db.py, line 3: '(' was never closed",
    });
    expect(toExercism(compile).tests[0]?.message).toMatch(/^The contract could not be checked: Syntax error/);
    const allErrored = makeReport({
      tests: [
        makeTest('visible', 'test_a', 'error', { message: 'importing tests.test_x failed:\nNameError: x' }),
        makeTest('hidden', 'test_b', 'timeout', { message: '' }),
      ],
    });
    expect(toExercism(allErrored)).toMatchObject({
      status: 'error',
      message: 'Every test errored; the first: importing tests.test_x failed:\nNameError: x',
    });
    expect(toExercism(allErrored).tests.at(-1)?.message).toBe(
      'This hidden test ran out of time; its details stay with your instructor.',
    );
    expect(toExercism(report).status).toBe('fail');
  });

  it('Exercism: tests in the order their files define them; runner frames and folders removed', () => {
    const files = {
      'test_x.py': 'class XTest:\n    def test_main(self):\n        pass\n',
      'test_y.py': 'class YTest:\n    def test_z(self):\n        pass\n\n    def test_a(self):\n        pass\n',
    };
    const ordered = makeReport({
      contracts: [],
      tests: [
        makeTest('visible', 'test_a', 'pass', { id: 'tests.test_y.YTest.test_a', name: 'YTest.test_a' }),
        makeTest('visible', 'test_main', 'pass'),
        makeTest('visible', 'test_z', 'pass', { id: 'tests.test_y.YTest.test_z', name: 'YTest.test_z' }),
      ],
    });
    expect(toExercism(ordered, files).tests.map((test) => test.name)).toEqual([
      'XTest.test_main',
      'YTest.test_z',
      'YTest.test_a',
    ]);
    const traceback = [
      'Traceback (most recent call last):',
      '  File ".strata/runner.py", line 80, in run',
      '    test()',
      '  File "/usr/lib/python3.11/unittest/case.py", line 57, in testPartExecutor',
      '    yield',
      '  File "reports/db.py", line 2, in <module>',
      '    open("/tmp/strata-run-Ab12Cd/data.db")',
      'FileNotFoundError: /tmp/strata-run-Ab12Cd/data.db',
    ].join('\n');
    expect(cleanMessage(traceback)).toBe(
      [
        'Traceback (most recent call last):',
        '  File "reports/db.py", line 2, in <module>',
        '    open("data.db")',
        'FileNotFoundError: data.db',
      ].join('\n'),
    );
  });

  it('--site-url: feedback links become absolute, a path under the site kept', () => {
    const withFeedback = makeReport({
      feedback: [
        {
          kind: 'test',
          target: 'XTest.test_a',
          hint: 1,
          text: 'Hint',
          lesson: 'what-import-does',
          section: 'x',
          href: '/lessons/what-import-does/#x',
        },
      ],
    });
    expect(withAbsoluteLinks(withFeedback, 'https://course.example.org/python').feedback[0]?.href).toBe(
      'https://course.example.org/python/lessons/what-import-does/#x',
    );
  });

  it('Exercism test_code is the visible test method body', () => {
    const files = {
      'test_x.py':
        'import unittest\n\nclass XTest(unittest.TestCase):\n    def test_main(self):\n        self.assertEqual(1, 1)\n        print("hi")\n\n    def test_other(self):\n        pass\n',
    };
    expect(methodSource(files, report.tests[0]!)).toBe('self.assertEqual(1, 1)\nprint("hi")');
  });

  it('JUnit XML: counts per suite, escaped text, hidden tests show only the exception line', () => {
    const xml = toJUnit(report);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites')).toBe(true);
    expect(xml).toContain('<testsuites name="strata 01-import-side-effects" tests="8" failures="2" errors="1" time=');
    expect(xml).toContain('<testsuite name="01-import-side-effects.hidden" tests="5" failures="1" errors="1"');
    expect(xml).toContain('hello &lt;world&gt; &amp; &quot;you&quot;');
    expect(xml).toContain('<error message="took longer than the 5s limit per test" type="Timeout">');
    expect(xml).not.toContain('File "x.py"');
    expect(toJUnit(makeReport({ tests: [{ ...report.tests[0]!, output: 'bell\u0007' }] }))).toContain('bell\uFFFD');
  });

  it('gradebook CSV: quoted fields, formula injection defused', () => {
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`);
    expect(GRADEBOOK_HEADER[0]).toBe('learner');
    expect(gradebookRow('ada', report)).toBe('ada,65,fail,1,2,1,1,3,5,140,');
    expect(gradebookRow('bob', null, 'bad zip')).toBe('bob,0,error,0,0,0,0,0,0,0,bad zip');
    const csv = gradebookCsv([gradebookRow('ada', report), gradebookRow('=1+1', null, 'line one\nline two')]);
    expect(csv).toBe(
      `${GRADEBOOK_HEADER.join(',')}\r\nada,65,fail,1,2,1,1,3,5,140,\r\n'=1+1,0,error,0,0,0,0,0,0,0,"line one\nline two"\r\n`,
    );
    expect(gradebookCsv([], { excel: true })).toBe(`\uFEFF${GRADEBOOK_HEADER.join(',')}\r\n`);
  });
});

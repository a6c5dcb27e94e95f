import type { GradeReport, TestResult } from '../../schemas/index.ts';
import { describeTest } from '../failure.ts';
import { describeLine } from './shared.ts';

// XML 1.0 forbids most control characters even when escaped; learner output may contain any.
const INVALID_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

export function escapeXml(text: string): string {
  return text
    .replace(INVALID_XML, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

interface Case {
  name: string;
  classname: string;
  seconds: number;
  outcome: 'pass' | 'failure' | 'error' | 'skipped';
  type?: string;
  message?: string;
  body?: string;
  output?: string;
}

function firstLine(text: string): string {
  const lines = text.trim().split('\n');
  return lines[lines.length - 1] ?? '';
}

function caseFromTest(test: TestResult): Case {
  const [cls = test.name, method = test.name] = test.name.split('.');
  const base = {
    name: method,
    classname: `${test.id.split('.').slice(0, -2).join('.')}.${cls}`,
    seconds: test.durationMs / 1000,
  };
  const output = test.output || undefined;
  // The message attribute is what CI summaries show: the failure in plain words when there is one.
  const message = test.failure?.summary ?? firstLine(test.message);
  const hidden = test.suite === 'hidden';
  const body = test.failure ? describeTest(test) : hidden ? firstLine(test.message) : test.message;
  switch (test.status) {
    case 'pass':
      return { ...base, outcome: 'pass', output };
    case 'skipped':
      return { ...base, outcome: 'skipped', message: test.message };
    case 'fail':
      return { ...base, outcome: 'failure', type: test.failure?.exception ?? 'AssertionError', message, body, output };
    case 'timeout':
      return { ...base, outcome: 'error', type: 'Timeout', message, body, output };
    default:
      return { ...base, outcome: 'error', type: test.failure?.exception ?? 'Error', message, body, output };
  }
}

function renderCase(c: Case): string {
  const open = `    <testcase name="${escapeXml(c.name)}" classname="${escapeXml(c.classname)}" time="${c.seconds.toFixed(3)}"`;
  const inner: string[] = [];
  if (c.outcome === 'skipped') inner.push(`      <skipped message="${escapeXml(c.message ?? '')}"/>`);
  if (c.outcome === 'failure' || c.outcome === 'error') {
    inner.push(
      `      <${c.outcome} message="${escapeXml(c.message ?? '')}" type="${escapeXml(c.type ?? '')}">${escapeXml(c.body ?? '')}</${c.outcome}>`,
    );
  }
  if (c.output) inner.push(`      <system-out>${escapeXml(c.output)}</system-out>`);
  return inner.length === 0 ? `${open}/>` : `${open}>\n${inner.join('\n')}\n    </testcase>`;
}

function renderSuite(name: string, cases: Case[]): string {
  const count = (outcome: Case['outcome']) => cases.filter((c) => c.outcome === outcome).length;
  const time = cases.reduce((sum, c) => sum + c.seconds, 0);
  const head = `  <testsuite name="${escapeXml(name)}" tests="${cases.length}" failures="${count('failure')}" errors="${count('error')}" skipped="${count('skipped')}" time="${time.toFixed(3)}">`;
  return [head, ...cases.map(renderCase), '  </testsuite>'].join('\n');
}

/**
 * JUnit XML: one testsuite per part of the grade under a `<testsuites>` root. Valid against the
 * Jenkins xUnit plugin's junit-10.xsd, and each suite against Surefire's 3.0 schema
 * (tests/schemas/junit/); that is why the root carries no `skipped` count (junit-10 has none there,
 * each suite has its own) and a test case's children come in Surefire's order.
 */
export function toJUnit(report: GradeReport): string {
  const suites: [string, Case[]][] = [];
  const contractCases: Case[] = report.contracts.map((contract) => ({
    name: contract.name,
    classname: `${report.exercise}.contracts`,
    seconds: 0,
    outcome: contract.kept ? 'pass' : 'failure',
    type: contract.kept ? undefined : 'BrokenContract',
    message: contract.kept ? undefined : (contract.violations[0]?.summary ?? contract.warnings[0] ?? 'broken'),
    body: contract.violations
      .map((v) => [v.summary, ...v.lines.map((l) => `  ${describeLine(l)}`)].join('\n'))
      .join('\n'),
  }));
  if (contractCases.length > 0) suites.push([`${report.exercise}.contracts`, contractCases]);
  for (const part of ['visible', 'hidden'] as const) {
    const cases = report.tests.filter((test) => test.suite === part).map(caseFromTest);
    if (cases.length > 0) suites.push([`${report.exercise}.${part}`, cases]);
  }
  const all = suites.flatMap(([, cases]) => cases);
  const count = (outcome: Case['outcome']) => all.filter((c) => c.outcome === outcome).length;
  const time = all.reduce((sum, c) => sum + c.seconds, 0);
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="strata ${escapeXml(report.exercise)}" tests="${all.length}" failures="${count('failure')}" errors="${count('error')}" time="${time.toFixed(3)}">`,
    ...suites.map(([name, cases]) => renderSuite(name, cases)),
    '</testsuites>',
    '',
  ].join('\n');
}

// A graded submission, readable: its status and score, the grader's report (contracts, tests,
// hints, errors, the runtime that graded it) and, for its author and the staff, its files. What a
// learner may see of hidden tests was decided by the server; this shows what arrived.
import type { GradeReport } from '../../schemas/index.ts';
import { h } from './dom.ts';
import { groupHints } from './hints.ts';
import { describeStatus, formatScore, formatWhen } from './format.ts';
import type { SubmissionDetail } from './types.ts';

type Level = 3 | 4 | 5;

function heading(level: Level, text: string): HTMLHeadingElement {
  return h(`h${level}`, { text });
}

function part(label: string, p: GradeReport['parts']['visible']): string {
  return p.ran ? `${label}: ${p.passed} of ${p.total}` : `${label}: not run`;
}

/** Hint text is Markdown: its `code` spans become code, the rest stays text. */
function inlineCode(text: string): Node[] {
  return text
    .split(/(`[^`]+`)/)
    .filter((piece) => piece !== '')
    .map((piece) =>
      piece.length > 1 && piece.startsWith('`') && piece.endsWith('`')
        ? h('code', { text: piece.slice(1, -1) })
        : document.createTextNode(piece),
    );
}

const VERDICT = { pass: '✓', fail: '✗', error: '✗', timeout: '⏱', skipped: '–' } as const;

/** The grader's report as sections under a heading of `level`. */
export function renderReport(report: GradeReport, level: Level): HTMLElement {
  const { parts } = report;
  const box = h('div', { class: 'report', data: { audience: report.audience } });
  box.append(
    h(
      'p',
      { class: 'report-summary' },
      h('strong', { text: `Score ${formatScore(report.score)}%` }),
      ` (${report.status}) · ${part('contracts kept', parts.contracts)} · ${part('visible tests passed', parts.visible)} · ${part('hidden tests passed', parts.hidden)}`,
    ),
  );
  if (report.errors.length > 0) {
    box.append(
      heading(level, 'Errors'),
      h('ul', { class: 'report-errors' }, ...report.errors.map((error) => h('li', {}, h('pre', { text: error })))),
    );
  }
  if (report.contracts.length > 0) {
    box.append(
      heading(level, 'Import contracts'),
      h(
        'ul',
        { class: 'report-list' },
        ...report.contracts.map((contract) =>
          h(
            'li',
            { data: { kept: String(contract.kept) } },
            h('span', { class: 'verdict', text: contract.kept ? '✓ kept' : '✗ broken' }),
            ` ${contract.name} (${contract.type})`,
            contract.violations.length > 0 &&
              h(
                'ul',
                {},
                ...contract.violations.map((violation) =>
                  h(
                    'li',
                    {},
                    h('code', { text: violation.summary }),
                    violation.lines.length > 0 &&
                      h(
                        'ul',
                        {},
                        ...violation.lines.map((line) =>
                          h('li', {
                            // A structure rule's line has the offending text instead of an import.
                            text:
                              line.text === undefined
                                ? `${line.file}${line.line ? `:${line.line}` : ''}: ${line.importer} imports ${line.imported}`
                                : `${line.file}${line.line ? `:${line.line}` : ''}${line.column ? `:${line.column}` : ''}: ${line.text}`,
                          }),
                        ),
                      ),
                  ),
                ),
              ),
            contract.warnings.length > 0 &&
              h('ul', {}, ...contract.warnings.map((warning) => h('li', { text: `warning: ${warning}` }))),
          ),
        ),
      ),
    );
  }
  if (report.tests.length > 0) {
    box.append(
      heading(level, 'Tests'),
      h(
        'ul',
        { class: 'report-list' },
        ...report.tests.map((test) =>
          h(
            'li',
            { data: { status: test.status, suite: test.suite } },
            h('span', { class: 'verdict', text: `${VERDICT[test.status] ?? ''} ${test.status}` }),
            ` ${test.name} (${test.suite})`,
            test.description && h('span', { class: 'muted', text: ` — ${test.description}` }),
            test.message.trim() !== '' && h('pre', { text: test.message.trim() }),
            test.output.trim() !== '' &&
              h('details', {}, h('summary', { text: 'Output' }), h('pre', { text: test.output.trimEnd() })),
          ),
        ),
      ),
    );
  }
  const hints = groupHints(report.feedback);
  if (hints.length > 0) {
    box.append(
      heading(level, 'Feedback'),
      h(
        'ul',
        { class: 'report-hints' },
        ...hints.map((hint) =>
          h(
            'li',
            {},
            h('p', { class: 'muted', text: `About ${hint.about.join(', ')}` }),
            h(
              'p',
              {},
              ...inlineCode(hint.text),
              ' ',
              h('a', { text: 'Read the lesson section', attrs: { href: hint.href } }),
            ),
          ),
        ),
      ),
    );
  }
  const runtime = report.runtime;
  box.append(
    h('p', {
      class: 'muted',
      text: `Graded by ${runtime.name}${runtime.python ? ` (Python ${runtime.python})` : ''}${runtime.language ? `, checked as Python ${runtime.language}` : ''}${runtime.sandboxed ? ', sandboxed' : ''}.`,
    }),
  );
  return box;
}

/** One submission: when, status, score, why it failed, its report and its files. */
export function renderSubmission(detail: SubmissionDetail, level: Level): HTMLElement {
  const box = h('div', { class: 'submission-detail', data: { submission: detail.id, status: detail.status } });
  box.append(
    h(
      'p',
      {},
      `Submitted ${formatWhen(detail.submittedAt)} · `,
      h('strong', { text: describeStatus(detail.status) }),
      detail.score !== null ? ` · score ${formatScore(detail.score)}%` : '',
      detail.graderVersion ? ` · grader ${detail.graderVersion}` : '',
    ),
  );
  if (detail.failure) box.append(h('p', { class: 'tone-bad', text: detail.failure }));
  if (detail.waiting) box.append(h('p', { class: 'muted', data: { waiting: '' }, text: detail.waiting }));
  if (detail.report) box.append(renderReport(detail.report, level));
  else if (detail.status !== 'failed')
    box.append(h('p', { class: 'muted', text: 'No report yet: it is being graded.' }));
  if (detail.files) {
    const paths = Object.keys(detail.files).sort();
    box.append(
      heading(level, `Files (${paths.length})`),
      h(
        'div',
        { class: 'submission-files' },
        ...paths.map((path) =>
          h(
            'details',
            {},
            h('summary', {}, h('code', { text: path })),
            h('pre', {}, h('code', { text: detail.files?.[path] ?? '' })),
          ),
        ),
      ),
      h('p', { class: 'muted' }, 'SHA-256 of the files: ', h('code', { class: 'hash', text: detail.filesHash })),
    );
  }
  return box;
}

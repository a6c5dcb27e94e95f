// The cohort's audit trail (GET /api/cohorts/:id/audit), each entry said in words: who did what,
// when, with the reason an override gave.
import { formatCount } from '../../site/index.ts';
import { h } from './dom.ts';
import { COHORT_NOUNS } from './nouns.ts';
import { formatScore, formatWhen } from './format.ts';
import type { AuditEntry } from './types.ts';

interface Names {
  person: (userId: unknown) => string;
  exercise: (id: unknown) => string;
}

function text(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' ? String(value) : JSON.stringify(value);
}

/** One audit entry's action in words (an unknown action shows as its name and detail). */
export function describeAudit(entry: AuditEntry, names: Names): string {
  const d = (typeof entry.detail === 'object' && entry.detail !== null ? entry.detail : {}) as Record<string, unknown>;
  switch (entry.action) {
    case 'cohort.created':
      return `created the cohort "${text(d.name)}"`;
    case 'cohort.updated':
      return 'changed the cohort settings';
    case 'join-code.changed':
      return d.rotated ? 'made a new join code' : d.enabled ? 'turned the join code on' : 'turned the join code off';
    case 'roster.imported':
      return `imported a roster: ${text(d.enrolled)} enrolled, ${text(d.invited)} invited, ${typeof d.problems === 'number' ? formatCount(d.problems, COHORT_NOUNS.row) : text(d.problems)} with problems`;
    case 'member.role':
      return `made ${names.person(d.userId)} ${d.role === 'ta' ? 'a teaching assistant' : `a ${text(d.role)}`}`;
    case 'extension.granted':
      return `gave ${names.person(d.userId)} until ${formatWhen(typeof d.dueAt === 'number' ? new Date(d.dueAt).toISOString() : text(d.dueAt))} for ${names.exercise(d.exercise)}`;
    case 'score.overridden':
      return `set ${names.person(d.userId)}'s score for ${names.exercise(d.exercise)} to ${formatScore(typeof d.score === 'number' ? d.score : null)}: "${text(d.reason)}"`;
    case 'regrade.requested': {
      const scope = (d.scope ?? {}) as Record<string, unknown>;
      const what = scope.submission
        ? 'one submission'
        : scope.exercise
          ? names.exercise(scope.exercise)
          : 'the whole cohort';
      const count = typeof d.submissions === 'number' ? formatCount(d.submissions, COHORT_NOUNS.submission) : '';
      return `re-graded ${what}${count ? ` (${count})` : ''}`;
    }
    case 'regrade.accepted':
    case 'regrade.discarded': {
      const verb = entry.action === 'regrade.accepted' ? 'accepted' : 'discarded';
      const cells = Array.isArray(d.cells) ? (d.cells as Record<string, unknown>[]) : null;
      const what = cells
        ? `the re-grade's change for ${cells.map((cell) => `${names.person(cell.userId)}, ${names.exercise(cell.exercise)}`).join('; ')}`
        : "a re-grade's remaining changes";
      const applied =
        typeof d.applied === 'number' ? ` (${formatCount(d.applied, COHORT_NOUNS.submission)} updated)` : '';
      return `${verb} ${what}${entry.action === 'regrade.accepted' ? applied : ''}`;
    }
    case 'late-days.spent':
      return `spent ${typeof d.days === 'number' ? formatCount(d.days, COHORT_NOUNS.lateDay) : text(d.days)} on ${names.exercise(d.exercise)}`;
    default:
      return `${entry.action} ${JSON.stringify(entry.detail)}`;
  }
}

export function renderAudit(entries: readonly AuditEntry[], names: Names): HTMLElement {
  if (entries.length === 0) return h('p', { class: 'muted', text: 'Nothing yet.' });
  return h(
    'ol',
    { class: 'audit' },
    ...entries.map((entry) =>
      h(
        'li',
        { data: { action: entry.action } },
        h('time', { text: formatWhen(entry.at), attrs: { datetime: entry.at } }),
        ` ${entry.actor ?? 'someone'} ${describeAudit(entry, names)}`,
      ),
    ),
  );
}

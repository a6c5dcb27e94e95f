import { describe, expect, it } from 'vitest';
import { describeAudit } from '../../../src/islands/cohort/index.ts';

const names = {
  person: (id: unknown) => (id === 'u1' ? 'Lea Learner' : 'a learner'),
  exercise: (id: unknown) => (id === '01-x' ? 'Imports without side effects' : String(id)),
};
const entry = (action: string, detail: unknown) => ({ action, detail, at: '2026-05-01T10:00:00.000Z', actor: 'Ines' });

describe('the audit log in words', () => {
  it('says who got which score and why, and which re-grade ran', () => {
    expect(
      describeAudit(entry('score.overridden', { userId: 'u1', exercise: '01-x', score: 75, reason: 'by hand' }), names),
    ).toBe(`set Lea Learner's score for Imports without side effects to 75: "by hand"`);
    expect(describeAudit(entry('regrade.requested', { scope: { exercise: '01-x' }, submissions: 1 }), names)).toBe(
      're-graded Imports without side effects (1 submission)',
    );
    expect(describeAudit(entry('regrade.requested', { scope: {}, submissions: 4 }), names)).toBe(
      're-graded the whole cohort (4 submissions)',
    );
    expect(describeAudit(entry('join-code.changed', { enabled: false, rotated: false }), names)).toBe(
      'turned the join code off',
    );
    expect(describeAudit(entry('member.role', { userId: 'u1', role: 'ta' }), names)).toBe(
      'made Lea Learner a teaching assistant',
    );
  });

  it('says which re-grade changes were accepted or discarded, and late days spent', () => {
    expect(
      describeAudit(
        entry('regrade.accepted', { regradeId: 'r', applied: 1, cells: [{ userId: 'u1', exercise: '01-x' }] }),
        names,
      ),
    ).toBe(`accepted the re-grade's change for Lea Learner, Imports without side effects (1 submission updated)`);
    expect(describeAudit(entry('regrade.discarded', { regradeId: 'r', applied: 0 }), names)).toBe(
      "discarded a re-grade's remaining changes",
    );
    expect(describeAudit(entry('late-days.spent', { exercise: '01-x', days: 2 }), names)).toBe(
      'spent 2 late days on Imports without side effects',
    );
  });

  it('shows an action it does not know by its name and detail', () => {
    expect(describeAudit(entry('cohort.archived', { why: 'term over' }), names)).toBe(
      'cohort.archived {"why":"term over"}',
    );
  });
});

// The grading job's expiry: 180 s unless STRATA_GRADE_EXPIRY_SECONDS says otherwise, and a bad
// value stops the start with the variable's name (createQueue checks it before anything else).
import { describe, expect, it } from 'vitest';
import { GRADE_EXPIRY_SECONDS, gradeExpirySeconds } from '../../src/server/grader.ts';

describe('gradeExpirySeconds', () => {
  it('is 180 s unless set, and the whole seconds it is set to', () => {
    expect(GRADE_EXPIRY_SECONDS).toBe(180);
    expect(gradeExpirySeconds({})).toBe(180);
    expect(gradeExpirySeconds({ STRATA_GRADE_EXPIRY_SECONDS: '' })).toBe(180);
    expect(gradeExpirySeconds({ STRATA_GRADE_EXPIRY_SECONDS: '10' })).toBe(10);
    expect(gradeExpirySeconds({ STRATA_GRADE_EXPIRY_SECONDS: '86400' })).toBe(86400);
  });

  it.each(['0', '-5', '2.5', 'ten', '86401'])('refuses %j, naming the variable and the value', (value) => {
    expect(() => gradeExpirySeconds({ STRATA_GRADE_EXPIRY_SECONDS: value })).toThrow(
      `STRATA_GRADE_EXPIRY_SECONDS must be a whole number of seconds from 1 to 86400, not "${value}"`,
    );
  });
});

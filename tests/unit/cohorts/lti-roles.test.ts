// The cohort role an LMS launch gets from its roles claim (src/server/lti/claims.ts), with the
// role lists real LMSs send: Canvas's short names next to the URIs, Moodle's administrator roles.
import { describe, expect, it } from 'vitest';
import { cohortRoleOf } from '../../../src/server/lti/claims.ts';

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership#';
const INSTITUTION = 'http://purl.imsglobal.org/vocab/lis/v2/institution/person#';
const SYSTEM = 'http://purl.imsglobal.org/vocab/lis/v2/system/person#';

describe('cohortRoleOf', () => {
  it.each([
    ['a learner', [`${MEMBERSHIP}Learner`], 'learner'],
    ['an instructor', [`${MEMBERSHIP}Instructor`], 'instructor'],
    ['a content developer', [`${MEMBERSHIP}ContentDeveloper`], 'instructor'],
    ['a course administrator', [`${MEMBERSHIP}Administrator`], 'instructor'],
    ['a teaching assistant', ['http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant'], 'ta'],
    [
      'Canvas: a short Instructor next to an institution role',
      ['Instructor', `${INSTITUTION}Instructor`],
      'instructor',
    ],
    ['Canvas: a short Learner', ['Learner', `${INSTITUTION}Student`], 'learner'],
    ['Moodle: a site administrator', [`${INSTITUTION}Administrator`, `${SYSTEM}Administrator`], 'instructor'],
    ['a mentor (no teaching role)', [`${MEMBERSHIP}Mentor`], 'learner'],
    ['no roles at all', [], 'learner'],
    ['an institution instructor without a course role', [`${INSTITUTION}Instructor`], 'learner'],
  ])('%s', (_name, roles, expected) => {
    expect(cohortRoleOf(roles)).toBe(expected);
  });
});

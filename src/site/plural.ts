// Counts in words: "1 exercise", "2 exercises". English has two plural categories ("one" and
// "other"); Intl.PluralRules picks the category, so 0, 1.5 and 21 follow the language's rule
// rather than a `count === 1` test written again at every call site.
const rules = new Intl.PluralRules('en');

/** A noun in its singular and plural forms. */
export interface Noun {
  one: string;
  other: string;
}

/** The noun's form for `count` ("exercise" for 1, "exercises" for 0 and 2). */
export function pluralNoun(count: number, noun: Noun): string {
  return rules.select(count) === 'one' ? noun.one : noun.other;
}

/** `count` followed by the noun in the form it takes: "1 exercise", "2 exercises". */
export function formatCount(count: number, noun: Noun): string {
  return `${count} ${pluralNoun(count, noun)}`;
}

/** The nouns the site counts, so each plural is spelled once. */
export const NOUNS = {
  check: { one: 'check', other: 'checks' },
  exercise: { one: 'exercise', other: 'exercises' },
  hour: { one: 'hour', other: 'hours' },
  lesson: { one: 'lesson', other: 'lessons' },
  module: { one: 'module', other: 'modules' },
  quiz: { one: 'quiz', other: 'quizzes' },
} as const satisfies Record<string, Noun>;

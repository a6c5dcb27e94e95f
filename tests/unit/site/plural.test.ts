import { describe, expect, it } from 'vitest';
import { formatCount, NOUNS, pluralNoun } from '../../../src/site/index.ts';

describe('formatCount', () => {
  it('uses the singular for one and the plural otherwise', () => {
    expect(formatCount(1, NOUNS.exercise)).toBe('1 exercise');
    expect(formatCount(2, NOUNS.exercise)).toBe('2 exercises');
    expect(formatCount(0, NOUNS.exercise)).toBe('0 exercises');
    expect(formatCount(21, NOUNS.lesson)).toBe('21 lessons');
  });

  it('spells irregular plurals as given', () => {
    expect(formatCount(1, NOUNS.quiz)).toBe('1 quiz');
    expect(formatCount(3, NOUNS.quiz)).toBe('3 quizzes');
    expect(formatCount(1, NOUNS.check)).toBe('1 check');
  });

  it('treats fractions as plural, as English does', () => {
    expect(formatCount(1.5, NOUNS.hour)).toBe('1.5 hours');
  });
});

describe('pluralNoun', () => {
  it('agrees with the total in "1 of 1 lesson read" and "1 of 3 lessons read"', () => {
    expect(`1 of 1 ${pluralNoun(1, NOUNS.lesson)} read`).toBe('1 of 1 lesson read');
    expect(`1 of 3 ${pluralNoun(3, NOUNS.lesson)} read`).toBe('1 of 3 lessons read');
  });
});

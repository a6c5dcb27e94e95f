import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { findQuizIds } from '../../../src/site/index.ts';

describe('findQuizIds', () => {
  it('finds each quiz id, whatever the attribute order or line breaks', () => {
    const mdx = [
      '<Quiz id="l1-q1" question="a > b?" options={[]} />',
      '<Quiz',
      '  question="Where is `id` used?"',
      "  id='l1-q2'",
      '  options={[{ text: "x", correct: true }]}',
      '/>',
      'Prose that mentions id="not-a-quiz".',
    ].join('\n');
    expect(findQuizIds(mdx)).toEqual(['l1-q1', 'l1-q2']);
  });

  it('finds the three quizzes of lesson 1', () => {
    const ids = findQuizIds(readFileSync('content/lessons/what-import-does.mdx', 'utf8'));
    expect(ids).toHaveLength(3);
    expect(new Set(ids).size).toBe(3);
  });
});

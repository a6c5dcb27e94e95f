import { describe, expect, it } from 'vitest';
import { formatIssues, lessonSchema } from '../../src/schemas/index.ts';

const valid = {
  title: 'What import really does',
  summary: 'Follow one import statement from sys.path to sys.modules.',
  module: 1,
  order: 1,
  minutes: 12,
  objectives: ['Explain sys.path.'],
};

describe('lessonSchema', () => {
  it('accepts valid front matter and defaults draft to false', () => {
    expect(lessonSchema.parse(valid).draft).toBe(false);
  });

  it('names every bad field', () => {
    const result = lessonSchema.safeParse({ ...valid, minutes: 0, objectives: [], exercise: 'Lesson One' });
    expect(result.success).toBe(false);
    const lines = formatIssues(result.error!);
    expect(lines.map((line) => line.split(':')[0])).toEqual(['minutes', 'objectives', 'exercise']);
  });

  it('rejects unknown keys so typos do not pass silently', () => {
    const result = lessonSchema.safeParse({ ...valid, minuts: 5 });
    expect(result.success).toBe(false);
    expect(formatIssues(result.error!)[0]).toContain('minuts');
  });
});

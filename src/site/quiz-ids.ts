// Quiz ids are read from the MDX source (not the rendered page): the home and module pages list
// lessons without rendering them, yet show how many of each lesson's quizzes were passed.
const QUIZ_ID = /<Quiz\s[^]*?\bid=["']([a-z0-9-]+)["']/g;

export function findQuizIds(mdx: string): string[] {
  return [...mdx.matchAll(QUIZ_ID)].flatMap((match) => (match[1] ? [match[1]] : []));
}

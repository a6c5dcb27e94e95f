import { z } from 'zod';

/** Outcome of one test, as the harness reports it and as the grade keeps it. */
export const testStatusSchema = z
  .enum(['pass', 'fail', 'error', 'timeout', 'skipped'])
  .describe(
    'pass; fail (an assertion failed); error (an exception, a crash, or the test could not run); timeout; skipped.',
  );

/** One frame of a failing test's traceback: the tests' files and the learner's only. */
export const failureFrameSchema = z
  .object({
    file: z.string().min(1).describe("Path relative to the project (learner) or the test package's file (tests/…)."),
    line: z.number().int().min(1),
    function: z.string(),
    code: z.string().nullable().describe('The stripped source line; null for a hidden test (its source stays hidden).'),
    role: z.enum(['test', 'learner']).describe("test: the exercise's test file; learner: one of the learner's files."),
  })
  .strict();

/** Where in the learner's files a failure points: the workspace opens the file at this line. */
export const failureLocationSchema = z
  .object({
    file: z.string().min(1).describe('Path relative to the project root.'),
    line: z.number().int().min(1),
    column: z.number().int().min(1).nullable(),
  })
  .strict();

/** What the harness read from a failing test's exception (harness protocol 3). */
export const harnessFailureSchema = z
  .object({
    phase: z
      .enum(['test', 'import'])
      .describe('import: the test module could not be imported (nor any of its tests run).'),
    exception: z
      .string()
      .describe('The exception class as Python prints it: AssertionError, accounts.orders.EmptyOrder.'),
    message: z.string().describe("The exception's own message (for a SyntaxError, its msg)."),
    assertion: z
      .string()
      .nullable()
      .describe('The unittest assertion the test called (assertEqual, assertRaises, fail), when one failed.'),
    expected: z
      .string()
      .nullable()
      .describe('repr of the value the assertion wanted (assertEqual: its second argument).'),
    actual: z.string().nullable().describe('repr of the value it got (assertEqual: its first argument).'),
    note: z.string().nullable().describe("The test author's msg argument to the assertion."),
    subtest: z.string().nullable().describe('The subTest that failed, as unittest names it.'),
    frames: z
      .array(failureFrameSchema)
      .max(20)
      .describe('Outermost first; the standard library and the grader are left out.'),
    framesOmitted: z.number().int().min(0).describe('Frames left out of the middle of a deep traceback (recursion).'),
    location: failureLocationSchema
      .nullable()
      .describe("The line in the learner's files to open: a SyntaxError's place, else the innermost learner frame."),
  })
  .strict();

/** One test as the stdlib harness reports it (harness protocol 3). */
export const harnessTestSchema = z
  .object({
    id: z.string().min(1).describe('Dotted unittest id: package.module.Class.method.'),
    suite: z.enum(['visible', 'hidden']).describe('Which test folder the test comes from.'),
    module: z.string().min(1),
    className: z.string().min(1),
    method: z.string().min(1),
    description: z.string().nullable().describe('First line of the test docstring, if any.'),
    status: testStatusSchema,
    message: z
      .string()
      .describe(
        "Assertion message or traceback; empty when the test passed, and for a hidden test in a learner's report.",
      ),
    output: z.string().describe("What the learner's code printed during the test (capped)."),
    durationMs: z.number().int().min(0),
    failure: harnessFailureSchema
      .nullable()
      .describe('The failure, structured; null when the test passed, was skipped or timed out, or the run broke.'),
  })
  .strict();

/** The results file the harness writes (stdout frame or `--results` file). */
export const harnessReportSchema = z
  .object({
    protocol: z.literal(3),
    nonce: z.string().min(8).describe('The per-run nonce from the spec; a report without it is rejected.'),
    python: z.string().describe('Python version that ran the tests.'),
    implementation: z.string().describe('sys.implementation.name (cpython, rustpython, ...).'),
    language: z
      .string()
      .regex(/^3\.\d+$/)
      .describe("The Python version the learner's files were checked against (the exercise's `python`)."),
    mode: z.enum(['fork', 'inprocess']).describe('Supervised child processes, or in-process (Pyodide).'),
    errors: z.array(z.string()).describe('Problems with the test files themselves (an exercise bug).'),
    tests: z.array(harnessTestSchema),
    durationMs: z.number().int().min(0),
  })
  .strict();

/** One offending import: where it is, so the learner can jump to it. */
export const importLineSchema = z
  .object({
    importer: z.string().describe('Importing module (dotted).'),
    imported: z.string().describe('Imported module (dotted).'),
    file: z.string().describe('File of the importing module, relative to the project root.'),
    line: z.number().int().min(1).nullable().describe('Line where the import statement starts (null when unknown).'),
    column: z
      .number()
      .int()
      .min(1)
      .optional()
      .describe('Structure rules: 1-based column of the offending text (an import has none: its line is enough).'),
    text: z
      .string()
      .optional()
      .describe('Structure rules: the offending source text, e.g. `importlib.import_module` or the SQL literal.'),
  })
  .strict();

export const contractResultSchema = z
  .object({
    name: z.string().min(1),
    type: z
      .string()
      .min(1)
      .describe(
        'layers, forbidden, independence, protected, acyclic_siblings; or a structure rule: no_dynamic_imports, no_private_access, sql_only_in; or ignore_imports_debt, an entry of a debt list (exercise.json `debt`).',
      ),
    kept: z.boolean(),
    violations: z
      .array(
        z
          .object({
            summary: z.string().describe('One line: "reports.summary -> reports.db (via reports.x)".'),
            lines: z.array(importLineSchema).describe('The imports that make up the illegal route.'),
          })
          .strict(),
      )
      .describe('Empty when kept.'),
    warnings: z.array(z.string()),
  })
  .strict();

/** A failure as the grade keeps it: what the harness read, and the same said in plain words. */
export const testFailureSchema = harnessFailureSchema
  .extend({
    summary: z
      .string()
      .min(1)
      .describe('The failure in plain words ("Expected 3, got 2."), for any report format and the workspace.'),
  })
  .strict();

export const testResultSchema = harnessTestSchema
  .omit({ module: true, className: true, method: true, failure: true })
  .extend({
    name: z.string().min(1).describe('Class.method, as shown to the learner.'),
    failure: testFailureSchema
      .nullable()
      .describe("null when the test passed or timed out, and for a hidden test in a learner's report."),
  });

const partSchema = z
  .object({
    weight: z.number().min(0).describe('Weight from exercise.json, normalised so the weights sum to 100.'),
    earned: z.number().min(0).describe('Points earned out of `weight`.'),
    passed: z.number().int().min(0),
    total: z.number().int().min(0),
    ran: z
      .boolean()
      .describe('false when this part was not graded (e.g. --no-hidden): its weight is spread over the others.'),
  })
  .strict();

export const feedbackSchema = z
  .object({
    target: z.string().describe('Failing test id or broken contract name the feedback is about.'),
    kind: z.enum(['test', 'contract']),
    hint: z.number().int().min(1).nullable().describe('1-based index of the matching hint in exercise.json.'),
    text: z.string().describe('The hint text (Markdown), or a generic pointer when no hint matches.'),
    lesson: z.string().describe('Lesson slug.'),
    section: z.string().nullable().describe('Heading anchor in the lesson.'),
    href: z.string().describe('Link to the lesson (section).'),
  })
  .strict();

/** A complete grade for one submission of one exercise: `strata grade --format json`. */
export const gradeReportSchema = z
  .object({
    schema: z.literal('strata-grade/2').describe('2: tests carry `failure` (structured, with a plain summary).'),
    exercise: z.string().min(1),
    status: z
      .enum(['pass', 'fail', 'error'])
      .describe('pass: full marks; fail: something failed; error: the grader could not produce test results.'),
    score: z.number().min(0).max(100).describe('Percentage, rounded to 2 decimals.'),
    parts: z.object({ contracts: partSchema, visible: partSchema, hidden: partSchema }).strict(),
    contracts: z.array(contractResultSchema),
    tests: z.array(testResultSchema),
    feedback: z.array(feedbackSchema),
    cap: z
      .object({
        cap: z.number().min(0).max(100).describe('The score was held to this.'),
        uncapped: z.number().min(0).max(100).describe('What the weights alone gave.'),
        why: z.string().describe("The exercise's words on the point the submission misses."),
      })
      .strict()
      .nullable()
      .default(null)
      .describe('Set when a check exercise.json calls essential failed and held the score down; null otherwise.'),
    errors: z.array(z.string()).describe('Problems that stopped part of the grading, e.g. a harness crash.'),
    runtime: z
      .object({
        name: z.string().describe('local-python, pyodide, webcontainer, or none.'),
        python: z.string().nullable().describe('Version of the interpreter that ran the tests (e.g. 3.11.2).'),
        implementation: z.string().nullable().describe('cpython, or another sys.implementation.name.'),
        language: z
          .string()
          .nullable()
          .describe("The exercise's Python version: learner files using newer syntax fail on every runtime."),
        sandboxed: z.boolean(),
        mode: z.string().nullable(),
      })
      .strict(),
    audience: z
      .enum(['learner', 'instructor'])
      .describe(
        "learner: hidden tests show a verdict and the exercise's hints only; instructor: their messages and output too.",
      ),
    durationMs: z.number().min(0),
  })
  .strict();

export type TestStatus = z.infer<typeof testStatusSchema>;
export type HarnessTest = z.infer<typeof harnessTestSchema>;
export type HarnessFailure = z.infer<typeof harnessFailureSchema>;
export type FailureFrame = z.infer<typeof failureFrameSchema>;
export type FailureLocation = z.infer<typeof failureLocationSchema>;
export type TestFailure = z.infer<typeof testFailureSchema>;
export type HarnessReport = z.infer<typeof harnessReportSchema>;
export type ImportLine = z.infer<typeof importLineSchema>;
export type ContractResult = z.infer<typeof contractResultSchema>;
export type TestResult = z.infer<typeof testResultSchema>;
export type GradePart = z.infer<typeof partSchema>;
export type Feedback = z.infer<typeof feedbackSchema>;
export type GradeReport = z.infer<typeof gradeReportSchema>;

// Node-only: sandboxes started in advance, without loading the grader (grading, schemas, zod), for a
// command that starts its sandbox first and loads the rest while the sandbox starts (`strata grade`).
// Everything else goes through ./node.ts.
export { SandboxPool } from './node/sandbox-process.ts';

// What Run and Check share with what follows them (the solution panel, a Submit to come).
import type { GradeReport } from '../../../schemas/index.ts';

/** A Run or a Check: the one going on, and the last one that gave a report. */
export interface ChecksState {
  running: 'run' | 'check' | undefined;
  last:
    | {
        kind: 'run' | 'check';
        report: GradeReport;
        /** The project store's version it graded: the report is current while the version is. */
        version: number;
      }
    | undefined;
}

import { parse } from 'csv-parse/sync';

export interface RosterEntry {
  email: string;
  name: string;
}

export interface RosterProblem {
  /** 1-based line of the CSV file the row starts on. */
  line: number;
  message: string;
}

export interface ParsedRoster {
  entries: RosterEntry[];
  problems: RosterProblem[];
}

/** Longest roster accepted in one import. */
export const MAX_ROSTER_ROWS = 5000;

// Deliberately simple: one @, something on each side, a dot in the domain, no spaces.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Reads a roster CSV (RFC 4180; a header row with `email` and `name` columns in any order,
 * other columns ignored). Good rows are kept; each bad row is reported by its line with what is
 * wrong, and a repeated email is reported once and imported once.
 */
export function parseRoster(text: string): ParsedRoster {
  const problems: RosterProblem[] = [];
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(text.replace(/^\uFEFF/, ''), {
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return { entries: [], problems: [{ line, message: `not valid CSV: ${(error as Error).message}` }] };
  }
  const [header, ...rows] = records;
  if (!header)
    return { entries: [], problems: [{ line: 1, message: 'the file is empty: expected a header row "email,name"' }] };
  const columns = header.record.map((cell) => cell.toLowerCase());
  const emailAt = columns.indexOf('email');
  const nameAt = columns.indexOf('name');
  if (emailAt < 0 || nameAt < 0) {
    const missing = [emailAt < 0 ? 'email' : null, nameAt < 0 ? 'name' : null].filter(Boolean).join(' and ');
    return {
      entries: [],
      problems: [
        {
          line: header.info.lines,
          message: `the header row has no ${missing} column (found: ${header.record.join(', ')})`,
        },
      ],
    };
  }
  if (rows.length > MAX_ROSTER_ROWS) {
    problems.push({
      line: header.info.lines,
      message: `${rows.length} rows: at most ${MAX_ROSTER_ROWS} are imported at once`,
    });
    return { entries: [], problems };
  }
  const seen = new Set<string>();
  const entries: RosterEntry[] = [];
  for (const { record, info } of rows) {
    const email = (record[emailAt] ?? '').toLowerCase();
    const name = (record[nameAt] ?? '').replace(/\s+/g, ' ');
    if (!email) problems.push({ line: info.lines, message: 'the email is empty' });
    else if (!EMAIL.test(email) || email.length > 254)
      problems.push({ line: info.lines, message: `"${email}" is not an email address` });
    else if (!name) problems.push({ line: info.lines, message: `the name for ${email} is empty` });
    else if (name.length > 200)
      problems.push({ line: info.lines, message: `the name for ${email} is longer than 200 characters` });
    else if (seen.has(email))
      problems.push({ line: info.lines, message: `${email} appears more than once; the first row is imported` });
    else {
      seen.add(email);
      entries.push({ email, name });
    }
  }
  return { entries, problems };
}

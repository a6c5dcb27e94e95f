import { inflateRawSync } from 'node:zlib';
import { checkSubmissionPath, screenSubmissionPaths } from '../../grading/index.ts';
import type { RefusedPath } from '../../grading/index.ts';

export interface ZipLimits {
  /** Sum of the uncompressed sizes. */
  totalBytes: number;
  entries: number;
}

export const DEFAULT_ZIP_LIMITS: ZipLimits = { totalBytes: 20 * 1024 * 1024, entries: 2000 };

/** A zip that is malformed or unsafe to unpack; the message names the entry. */
export class ZipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ZipError';
  }
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;
const S_IFMT = 0o170000;
const S_IFLNK = 0o120000;
const S_IFDIR = 0o040000;
const MSDOS_DIRECTORY = 0x10;

/**
 * The names zip tools really write, made plain: `\` between names (PowerShell 5's
 * Compress-Archive and other old Windows zippers) and a leading `./` (bsdtar, which is Windows'
 * and macOS's `tar`, when it archives `.`). Anything else odd, `a/./b` included, is left for
 * checkSubmissionPath to refuse: no tool writes it, so it is not guessed at.
 */
function normaliseName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(\.\/)+/, '');
}

export interface ZipContents {
  /** The readable files, by normalised path. */
  files: Map<string, Uint8Array>;
  /** Entries left out, each with the reason (bad path, symbolic link, encrypted...). */
  refused: RefusedPath[];
}

/**
 * Reads a zip archive into a map of paths to bytes without writing anything to disk. An entry that
 * cannot be graded (a path checkSubmissionPath refuses, a file that is also a folder, a name that
 * appears twice, a symbolic link, encryption, unknown compression) is refused on its own, with the
 * reason. The archive as a whole is rejected (ZipError) when it is corrupt or its uncompressed
 * total (declared or actual) exceeds the limit: a zip bomb stops at the limit instead of filling
 * memory.
 */
export function readZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): ZipContents {
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65_535); i--) {
    if (buf.readUInt32LE(i) === EOCD) {
      eocd = i;
      break;
    }
  }
  if (eocd === -1) throw new ZipError('not a zip archive (no end-of-central-directory record)');
  const count = buf.readUInt16LE(eocd + 10);
  const dirOffset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw new ZipError('zip64 archives are not supported');
  if (count > limits.entries) throw new ZipError(`the archive has ${count} entries; the limit is ${limits.entries}`);
  const files = new Map<string, Uint8Array>();
  const refused: RefusedPath[] = [];
  const copies = new Map<string, number>();
  let total = 0;
  let at = dirOffset;
  for (let n = 0; n < count; n++) {
    if (at + 46 > buf.length || buf.readUInt32LE(at) !== CENTRAL) throw new ZipError('corrupt central directory');
    const madeBy = buf.readUInt16LE(at + 4) >> 8;
    const flags = buf.readUInt16LE(at + 8);
    const method = buf.readUInt16LE(at + 10);
    const compressed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const external = buf.readUInt32LE(at + 38);
    const localOffset = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    const path = normaliseName(name);
    const mode = madeBy === 3 ? (external >>> 16) & S_IFMT : 0;
    // Some zippers mark a folder only by its attributes, without the trailing "/".
    const folder = /[\\/]$/.test(name) || (size === 0 && (mode === S_IFDIR || (external & MSDOS_DIRECTORY) !== 0));
    if (folder) continue;
    const problem =
      checkSubmissionPath(path) ??
      (mode === S_IFLNK ? 'it is a symbolic link' : null) ??
      (flags & 0x1 ? 'it is encrypted' : null) ??
      (method !== 0 && method !== 8 ? `it uses compression method ${method}, which the grader cannot read` : null);
    if (problem !== null) {
      refused.push({ path, reason: problem });
      continue;
    }
    total += size;
    if (total > limits.totalBytes) {
      throw new ZipError(`the archive unpacks to more than ${limits.totalBytes} bytes (at "${name}")`);
    }
    if (localOffset + 30 > buf.length || buf.readUInt32LE(localOffset) !== LOCAL) {
      throw new ZipError(`entry "${name}" has a corrupt local header`);
    }
    const start = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const raw = buf.subarray(start, start + compressed);
    let content: Buffer;
    if (method === 0) content = raw;
    else {
      try {
        // maxOutputLength stops a lying header from inflating past the declared size.
        content = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
      } catch (error) {
        throw new ZipError(`entry "${name}" cannot be inflated: ${(error as Error).message}`);
      }
    }
    if (content.length !== size) throw new ZipError(`entry "${name}" is not the size its header declares`);
    copies.set(path, (copies.get(path) ?? 0) + 1);
    files.set(path, new Uint8Array(content));
  }
  // Which copy the learner meant is a guess (extractors disagree), so none is graded.
  for (const [path, n] of copies) {
    if (n < 2) continue;
    files.delete(path);
    refused.push({ path, reason: `the zip holds ${n} entries with this name` });
  }
  const screened = screenSubmissionPaths(Object.fromEntries(files));
  return { files: new Map(Object.entries(screened.files)), refused: [...refused, ...screened.refused] };
}

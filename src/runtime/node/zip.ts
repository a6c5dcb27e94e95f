import { inflateRawSync } from 'node:zlib';

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

function checkName(name: string): void {
  if (name.includes('\0')) throw new ZipError(`entry ${JSON.stringify(name)} has a NUL byte in its name`);
  if (name.startsWith('/') || name.startsWith('\\') || /^[a-zA-Z]:/.test(name)) {
    throw new ZipError(`entry "${name}" has an absolute path`);
  }
  if (name.split(/[\\/]/).includes('..')) throw new ZipError(`entry "${name}" climbs out of the folder with ".."`);
}

/**
 * Reads a zip archive into a map of paths to bytes without writing anything to disk. Rejects
 * entries with absolute paths or "..", symbolic links, encryption, unknown compression, and
 * archives whose uncompressed total (declared or actual) exceeds the limit: a zip bomb stops
 * at the limit instead of filling memory.
 */
export function readZip(data: Uint8Array, limits: ZipLimits = DEFAULT_ZIP_LIMITS): Map<string, Uint8Array> {
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
    checkName(name);
    const mode = external >>> 16;
    if (madeBy === 3 && (mode & S_IFMT) === S_IFLNK) throw new ZipError(`entry "${name}" is a symbolic link`);
    if (name.endsWith('/')) continue;
    if (flags & 0x1) throw new ZipError(`entry "${name}" is encrypted`);
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
    else if (method === 8) {
      try {
        // maxOutputLength stops a lying header from inflating past the declared size.
        content = inflateRawSync(raw, { maxOutputLength: Math.max(1, size) });
      } catch (error) {
        throw new ZipError(`entry "${name}" cannot be inflated: ${(error as Error).message}`);
      }
    } else throw new ZipError(`entry "${name}" uses unsupported compression method ${method}`);
    if (content.length !== size) throw new ZipError(`entry "${name}" is not the size its header declares`);
    const path = name.replace(/\\/g, '/').replace(/^\.\//, '');
    if (files.has(path)) throw new ZipError(`entry "${name}" appears twice`);
    files.set(path, new Uint8Array(content));
  }
  return files;
}

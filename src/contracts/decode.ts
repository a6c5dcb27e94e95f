import { ContractsError } from './errors.ts';

// Python codec names that the WHATWG Encoding Standard spells differently.
const PYTHON_ALIASES: Record<string, string> = {
  'latin-1': 'latin1',
  latin: 'latin1',
  l1: 'latin1',
  'iso-8859-1': 'latin1',
  'utf-8-sig': 'utf-8',
  cp1252: 'windows-1252',
  ascii: 'windows-1252',
};

const COOKIE = /^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)/;

/** A cookie is a comment on line 1 or 2: skip the search (most files) when neither starts with `#`. */
function mayHaveCookie(source: Uint8Array): boolean {
  let at = 0;
  for (let line = 0; line < 2; line += 1) {
    while (source[at] === 0x20 || source[at] === 0x09 || source[at] === 0x0c) at += 1;
    if (source[at] === 0x23) return true;
    if (source[at] !== 0x0a && source[at] !== 0x0d) return false; // code on this line: no cookie after it
    at += source[at] === 0x0d && source[at + 1] === 0x0a ? 2 : 1;
  }
  return false;
}

const isBom = (bytes: Uint8Array) => bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;

/**
 * Whether `bytes` from `from` on are well-formed UTF-8 (Unicode's table 3-7: no overlong forms, no
 * surrogates, nothing past U+10FFFF, no truncated sequence), exactly what a fatal UTF-8 TextDecoder
 * accepts, without building the string: most non-ASCII files are valid, and decoding one only to
 * validate it cost more than scanning it.
 */
export function isWellFormedUtf8(bytes: Uint8Array, from = 0): boolean {
  const length = bytes.length;
  let at = from;
  while (at < length) {
    const lead = bytes[at]!;
    if (lead < 0x80) {
      at += 1;
      continue;
    }
    if (lead < 0xc2 || lead > 0xf4) return false;
    if (lead < 0xe0) {
      if (at + 1 >= length || (bytes[at + 1]! & 0xc0) !== 0x80) return false;
      at += 2;
      continue;
    }
    if (at + 1 >= length) return false;
    const second = bytes[at + 1]!;
    // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    if (second < low || second > high) return false;
    if (at + 2 >= length || (bytes[at + 2]! & 0xc0) !== 0x80) return false;
    if (lead < 0xf0) {
      at += 3;
      continue;
    }
    if (at + 3 >= length || (bytes[at + 3]! & 0xc0) !== 0x80) return false;
    at += 4;
  }
  return true;
}

let validate: (bytes: Uint8Array, from: number) => boolean = isWellFormedUtf8;

/**
 * Replaces the UTF-8 validation of non-ASCII files with one that gives the same answers faster (the
 * CLI passes Node's buffer.isUtf8, which is native; the engine itself stays free of Node).
 */
export function useUtf8Validator(validator: (bytes: Uint8Array) => boolean): void {
  validate = (bytes, from) => validator(from === 0 ? bytes : bytes.subarray(from));
}

/** Where the first byte at or above 0x80 is, or -1; four bytes at a time when the view is aligned. */
function firstNonAscii(bytes: Uint8Array): number {
  let at = 0;
  if ((bytes.byteOffset & 3) === 0 && bytes.length >= 64) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    let index = 0;
    while (index < words.length && (words[index]! & 0x80808080) === 0) index += 1;
    at = index << 2;
  }
  for (; at < bytes.length; at += 1) if (bytes[at]! >= 0x80) return at;
  return -1;
}

const encoder = new TextEncoder();

const notValid = (path: string, encoding: string) =>
  new ContractsError(
    'SourceSyntaxError',
    `Syntax error in ${path}, line 1: (unicode error) the file is not valid ${encoding}`,
    { file: path, line: 1 },
  );

/**
 * Python source as valid UTF-8 bytes for the scanner, per PEP 263: a BOM or a coding cookie in the
 * first two lines, else UTF-8. UTF-8 files (nearly all) are only validated, never decoded; a file in
 * another encoding is decoded and re-encoded. A leading BOM is removed (the scanner removes one more,
 * as a decoder that honours BOMs would).
 */
export function utf8Source(path: string, source: string | Uint8Array): Uint8Array {
  if (typeof source === 'string') return encoder.encode(source.charCodeAt(0) === 0xfeff ? source.slice(1) : source);
  let bytes = source;
  let encoding = 'utf-8';
  if (isBom(bytes)) {
    bytes = bytes.subarray(3);
    if (isBom(bytes)) bytes = bytes.subarray(3);
  } else if (mayHaveCookie(source)) {
    // The cookie is ASCII, so the first two lines can be read as latin-1 safely.
    let end = 0;
    let lines = 0;
    while (end < source.length && end < 400 && lines < 2) {
      if (source[end] === 0x0a) lines += 1;
      end += 1;
    }
    let head = '';
    for (let index = 0; index < end; index += 1) head += String.fromCharCode(source[index]!);
    for (const line of head.split('\n').slice(0, 2)) {
      const match = COOKIE.exec(line);
      if (match) {
        encoding = match[1]!.toLowerCase().replace(/_/g, '-');
        encoding = PYTHON_ALIASES[encoding] ?? encoding;
        break;
      }
      if (!/^[ \t\f]*(#.*)?\r?$/.test(line)) break; // the cookie may only follow a comment or blank line
    }
  }
  if (encoding === 'utf-8') {
    const nonAscii = firstNonAscii(bytes);
    if (nonAscii === -1 || validate(bytes, nonAscii)) return bytes;
    throw notValid(path, encoding);
  }
  let decoder: TextDecoder;
  try {
    decoder = new TextDecoder(encoding, { fatal: true });
  } catch {
    throw new ContractsError('SourceSyntaxError', `Syntax error in ${path}, line 1: unknown encoding: ${encoding}`, {
      file: path,
      line: 1,
    });
  }
  let text: string;
  try {
    text = decoder.decode(bytes);
  } catch {
    throw notValid(path, encoding);
  }
  return decoder.encoding === 'utf-8' ? bytes : encoder.encode(text);
}

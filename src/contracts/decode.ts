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

/** Whether every byte is below 0x80; four at a time when the view is aligned. */
function isAscii(bytes: Uint8Array): boolean {
  let at = 0;
  let seen = 0;
  if ((bytes.byteOffset & 3) === 0 && bytes.length >= 64) {
    const words = new Uint32Array(bytes.buffer, bytes.byteOffset, bytes.length >>> 2);
    for (let index = 0; index < words.length; index += 1) seen |= words[index]!;
    if ((seen & 0x80808080) !== 0) return false;
    at = words.length << 2;
  }
  for (; at < bytes.length; at += 1) seen |= bytes[at]!;
  return (seen & 0x80) === 0;
}

const encoder = new TextEncoder();

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
  if (encoding === 'utf-8' && isAscii(bytes)) return bytes;
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
    throw new ContractsError(
      'SourceSyntaxError',
      `Syntax error in ${path}, line 1: (unicode error) the file is not valid ${encoding}`,
      { file: path, line: 1 },
    );
  }
  return decoder.encoding === 'utf-8' ? bytes : encoder.encode(text);
}

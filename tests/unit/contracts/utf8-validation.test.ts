// utf8Source validates non-ASCII UTF-8 files without decoding them (isWellFormedUtf8). A file is
// accepted exactly when a fatal UTF-8 TextDecoder (what decoding used to validate with) accepts it.
import { describe, expect, it } from 'vitest';
import { isWellFormedUtf8 } from '../../../src/contracts/decode.ts';

const decoder = new TextDecoder('utf-8', { fatal: true });
const decodes = (bytes: Uint8Array) => {
  try {
    decoder.decode(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('isWellFormedUtf8', () => {
  it('agrees with a fatal TextDecoder on every sequence of one and two bytes, and on every lead with its boundary bytes', () => {
    const differ: string[] = [];
    let checked = 0;
    for (let first = 0; first < 256; first += 1) {
      const one = Uint8Array.of(first);
      if (isWellFormedUtf8(one) !== decodes(one)) differ.push(`${first}`);
      for (let second = 0; second < 256; second += 1) {
        const two = Uint8Array.of(first, second);
        if (isWellFormedUtf8(two) !== decodes(two)) differ.push(`${first} ${second}`);
        checked += 1;
      }
    }
    // Three and four bytes: every lead and second byte, with continuation bytes at the edges of
    // their range and outside it.
    const edges = [0x41, 0x80, 0x8f, 0x90, 0xbf, 0xc0];
    for (let first = 0xc0; first < 256; first += 1) {
      for (let second = 0x70; second < 0xd0; second += 1) {
        for (const third of edges) {
          const three = Uint8Array.of(first, second, third);
          if (isWellFormedUtf8(three) !== decodes(three)) differ.push(`${first} ${second} ${third}`);
          for (const fourth of edges) {
            const four = Uint8Array.of(first, second, third, fourth);
            if (isWellFormedUtf8(four) !== decodes(four)) differ.push(`${first} ${second} ${third} ${fourth}`);
            checked += 2;
          }
        }
      }
    }
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(100_000);
  });

  it('agrees on text around the sequences, truncated ends and a start offset', () => {
    const text = new TextEncoder().encode('a = "é 中 😀"\n# ü\n');
    expect(isWellFormedUtf8(text)).toBe(true);
    for (let end = 0; end <= text.length; end += 1) {
      const cut = text.subarray(0, end);
      expect(isWellFormedUtf8(cut), `cut at ${end}`).toBe(decodes(cut));
    }
    // From an offset: only the bytes from there on count.
    const first = text.indexOf(0xc3);
    expect(isWellFormedUtf8(text, first)).toBe(true);
    expect(isWellFormedUtf8(Uint8Array.of(0x80, 0x41), 1)).toBe(true);
    expect(isWellFormedUtf8(Uint8Array.of(0x41, 0x80), 1)).toBe(false);
  });
});

describe("Node's buffer.isUtf8, which the CLI validates with (useUtf8Validator)", () => {
  it('agrees with a fatal TextDecoder on every lead and second byte, followed by boundary bytes', async () => {
    const { isUtf8 } = await import('node:buffer');
    const edges = [0x41, 0x80, 0x8f, 0x90, 0xbf, 0xc0];
    const differ: string[] = [];
    let checked = 0;
    for (let first = 0x80; first < 256; first += 1) {
      for (let second = 0x70; second < 0xd0; second += 1) {
        for (const third of edges) {
          for (const fourth of edges) {
            const four = Uint8Array.of(first, second, third, fourth);
            if (isUtf8(four) !== decodes(four)) differ.push(`${first} ${second} ${third} ${fourth}`);
            checked += 1;
          }
        }
      }
    }
    expect(differ).toEqual([]);
    expect(checked).toBe(128 * 96 * edges.length ** 2);
  });
});

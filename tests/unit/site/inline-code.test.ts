import { describe, expect, it } from 'vitest';
import { renderInlineCode } from '../../../src/components/mdx/inline-code.ts';

describe('renderInlineCode', () => {
  it('turns backtick spans into <code>', () => {
    expect(renderInlineCode('Where does `Customer` live?')).toBe('Where does <code>Customer</code> live?');
  });

  it('escapes markup inside and outside code spans', () => {
    expect(renderInlineCode('Defaults < config & `a <b>` "x"')).toBe(
      'Defaults &lt; config &amp; <code>a &lt;b&gt;</code> &quot;x&quot;',
    );
  });

  it('leaves a lone backtick as text', () => {
    expect(renderInlineCode('a ` b')).toBe('a ` b');
  });
});

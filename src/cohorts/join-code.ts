/** Crockford-style alphabet: no I, L, O, U, so a code read aloud or retyped is not misread. */
export const JOIN_CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A join code: 16 characters of a 32-letter alphabet, 80 bits from the given random source
 * (crypto.getRandomValues), shown in groups of four. Far beyond guessing at any request rate
 * the sign-in limits allow.
 */
export function createJoinCode(random: (bytes: Uint8Array) => Uint8Array): string {
  const bytes = random(new Uint8Array(16));
  let code = '';
  for (const byte of bytes) code += JOIN_CODE_ALPHABET[byte % 32];
  return code.match(/.{4}/g)!.join('-');
}

/** What a learner typed, back to the stored form: upper case, dashes in place, look-alikes mapped. */
export function normaliseJoinCode(input: string): string {
  const plain = input
    .toUpperCase()
    .replace(/[^0-9A-Z]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  return plain.match(/.{1,4}/g)?.join('-') ?? '';
}

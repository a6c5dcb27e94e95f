// A browser's cookies for one site, by name, as the server tests' clients and bench:cohort's
// learners keep them.

export class CookieJar extends Map<string, string> {
  /** Takes a response's Set-Cookie lines: each sets one cookie; an empty or Max-Age=0 one removes it. */
  keep(lines: readonly string[]): void {
    for (const line of lines) {
      const [pair = '', ...attributes] = line.split(';');
      const at = pair.indexOf('=');
      const name = pair.slice(0, at).trim();
      const value = pair.slice(at + 1).trim();
      if (value === '' || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute))) this.delete(name);
      else this.set(name, value);
    }
  }

  /** What a browser does with the session's signed copy (Better Auth's cookie cache) at its Max-Age. */
  forgetSessionCopy(): void {
    for (const name of this.keys()) if (name.endsWith('session_data')) this.delete(name);
  }

  /** The Cookie header that sends them all ('' when there are none). */
  header(): string {
    return [...this].map(([name, value]) => `${name}=${value}`).join('; ');
  }
}

// The parts of lint-imports' text report that several contract types share: line numbers and
// chains (import-linter's render_chain_data), and the violations of the package-to-package types.
import type { Link, PackageViolation, Route } from '../types.ts';

export const lineNumbers = (link: Link) => link.line_numbers.map((line) => `l.${line}`).join(', ');

/** import-linter's render_chain_data: heads joined with `&`, extra tails aligned under the last link. */
function renderRoute(route: Route): string[] {
  const out: string[] = [];
  const render = (link: Link, first: boolean, extraFirsts: Link[], extraLasts: Link[]) => {
    const strings: string[] = [];
    if (extraFirsts.length > 0) {
      [link, ...extraFirsts.slice(0, -1)].forEach((source, position) =>
        strings.push(`${position > 0 ? '& ' : ''}${source.importer} (${lineNumbers(source)})`),
      );
      const last = extraFirsts[extraFirsts.length - 1]!;
      strings.push(`& ${last.importer} -> ${last.imported} (${lineNumbers(last)})`);
    } else {
      strings.push(`${link.importer} -> ${link.imported} (${lineNumbers(link)})`);
    }
    const indent = ' '.repeat(link.importer.length + 4);
    for (const destination of extraLasts)
      strings.push(`${indent}& ${destination.imported} (${lineNumbers(destination)})`);
    strings.forEach((text, position) => out.push(first && position === 0 ? `- ${text}` : `  ${text}`));
  };
  const chain = route.chain;
  render(chain[0]!, true, route.extra_firsts, chain.length === 1 ? [] : []);
  for (const link of chain.slice(1, -1)) render(link, false, [], []);
  if (chain.length > 1) render(chain[chain.length - 1]!, false, [], route.extra_lasts);
  return out;
}

export function renderPackageViolations(violations: PackageViolation[], forbidden: boolean): string[] {
  const out: string[] = [];
  for (const violation of violations) {
    out.push(`${violation.importer} is not allowed to import ${violation.imported}:`, '');
    for (const route of violation.routes) {
      if (forbidden) {
        route.chain.forEach((link, index) =>
          out.push(`${index === 0 ? '-   ' : '    '}${link.importer} -> ${link.imported} (${lineNumbers(link)})`),
        );
      } else out.push(...renderRoute(route));
      out.push('');
    }
    out.push('');
  }
  return out;
}

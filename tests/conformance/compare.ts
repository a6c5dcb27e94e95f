// The comparison rules of tests/conformance/cases/README.md.
import { expect } from 'vitest';
import type { ContractReport, Link, LintReport, PackageViolation, Route } from '../../src/contracts/index.ts';

export interface ExpectedReport {
  exit_code: number;
  analyzed_files: number;
  dependencies: number;
  contracts: ContractReport[];
}

const linkKey = (link: Link) => `${link.importer}>${link.imported}@${[...link.line_numbers].sort().join(',')}`;
const directKey = (route: Route) =>
  `${linkKey(route.chain[0]!)}|${route.extra_firsts.map(linkKey).sort().join(';')}|${route.extra_lasts.map(linkKey).sort().join(';')}`;

/** Whether `lines` are where `importer` really imports `imported` (checked against the source). */
export type LineLookup = (importer: string, imported: string, lines: number[]) => boolean;

function compareRoutes(actual: Route[], expected: Route[], lookup: LineLookup, where: string): void {
  const direct = (routes: Route[]) =>
    routes
      .filter((route) => route.chain.length === 1)
      .map(directKey)
      .sort();
  expect(direct(actual), `${where}: direct routes`).toEqual(direct(expected));
  const longer = (routes: Route[]) => routes.filter((route) => route.chain.length > 1);
  const actualLonger = longer(actual);
  const expectedLonger = longer(expected);
  expect(actualLonger.length, `${where}: number of indirect routes`).toBe(expectedLonger.length);
  const shortest = Math.min(...expectedLonger.map((route) => route.chain.length));
  for (const route of actualLonger) {
    // Any real shortest path with the right line numbers is acceptable.
    expect(route.chain.length, `${where}: chain length`).toBe(shortest);
    for (let index = 0; index < route.chain.length; index += 1) {
      const step = route.chain[index]!;
      if (index > 0) expect(step.importer).toBe(route.chain[index - 1]!.imported);
      expect(step.line_numbers.length, `${where}: ${step.importer} -> ${step.imported} has lines`).toBeGreaterThan(0);
      expect(
        lookup(step.importer, step.imported, step.line_numbers),
        `${where}: ${step.importer} -> ${step.imported}`,
      ).toBe(true);
    }
  }
}

export function compareReports(actual: LintReport, expected: ExpectedReport, lookup: LineLookup): void {
  expect(actual.exit_code, 'exit_code').toBe(expected.exit_code);
  expect(actual.analyzed_files, 'analyzed_files').toBe(expected.analyzed_files);
  expect(actual.dependencies, 'dependencies').toBe(expected.dependencies);
  expect(actual.contracts.map((contract) => contract.name)).toEqual(
    expected.contracts.map((contract) => contract.name),
  );
  expected.contracts.forEach((want, index) => {
    const got = actual.contracts[index]!;
    const where = `contract "${want.name}"`;
    expect(got.type, `${where}: type`).toBe(want.type);
    expect(got.kept, `${where}: kept`).toBe(want.kept);
    expect(got.warnings.length, `${where}: warnings`).toBe(want.warnings.length);
    expect([...(got.undeclared_modules ?? [])].sort(), `${where}: undeclared_modules`).toEqual(
      [...(want.undeclared_modules ?? [])].sort(),
    );
    if (want.type === 'protected' || want.type === 'acyclic_siblings') {
      const normalise = (violations: unknown[]) =>
        violations.map((violation) => JSON.stringify(violation, Object.keys(violation as object).sort())).sort();
      const sortBreakers = (violations: unknown[]) =>
        violations.map((violation) => {
          const v = violation as { cycle_breakers?: string[][] };
          return v.cycle_breakers ? { ...v, cycle_breakers: [...v.cycle_breakers].sort() } : v;
        });
      expect(normalise(sortBreakers(got.violations)), `${where}: violations`).toEqual(
        normalise(sortBreakers(want.violations)),
      );
      return;
    }
    const pairs = (violations: unknown[]) =>
      (violations as PackageViolation[]).map((violation) => `${violation.importer} -> ${violation.imported}`).sort();
    expect(pairs(got.violations), `${where}: violation pairs`).toEqual(pairs(want.violations));
    for (const violation of want.violations as PackageViolation[]) {
      const mine = (got.violations as PackageViolation[]).find(
        (candidate) => candidate.importer === violation.importer && candidate.imported === violation.imported,
      )!;
      compareRoutes(mine.routes, violation.routes, lookup, `${where} ${violation.importer} -> ${violation.imported}`);
    }
  });
}

import { ContractsError } from '../errors.ts';
import { findPackageRoutes } from '../routes.ts';
import type { PackageViolation } from '../types.ts';
import { flag, option } from './context.ts';
import type { CheckContext } from './context.ts';

interface LayerLine {
  names: string[];
  independent: boolean;
  optional: boolean;
}

/** Parses one `layers` line: `a`, `(a)` optional, `a | b` independent, `a : b` non-independent siblings. */
function parseLayerLine(raw: string, contract: string): LayerLine {
  let text = raw.trim();
  const optional = text.startsWith('(') && text.endsWith(')');
  if (optional) text = text.slice(1, -1).trim();
  const independent = text.includes('|');
  if (independent && text.includes(':')) {
    throw new ContractsError(
      'InvalidContract',
      `Contract "${contract}" (layers): "${raw}" mixes | and : — siblings are either independent or not.`,
      { contract, field: 'layers' },
    );
  }
  const names = text
    .split(/[|:]/)
    .map((name) => name.trim())
    .filter(Boolean);
  return { names, independent: independent || names.length === 1, optional };
}

export function checkLayers(context: CheckContext): { violations: PackageViolation[]; undeclared: string[] } {
  const { graph, contract } = context;
  const lines = option(context, 'layers', true).map((raw) => parseLayerLine(raw, contract.name));
  const containers = option(context, 'containers', false);
  const exhaustive = flag(context, 'exhaustive', false);
  if (exhaustive && containers.length === 0) {
    throw new ContractsError('InvalidContract', `Contract "${contract.name}": "exhaustive" needs "containers".`, {
      contract: contract.name,
      field: 'exhaustive',
    });
  }
  for (const container of containers) {
    if (!graph.ids.has(container)) {
      throw new ContractsError(
        'ValueError',
        `Contract "${contract.name}" (containers): module ${container} does not exist.`,
        {
          contract: contract.name,
          field: 'containers',
        },
      );
    }
  }
  const violations: PackageViolation[] = [];
  const undeclared: string[] = [];
  for (const container of containers.length > 0 ? containers : [undefined]) {
    const qualify = (name: string) => (container ? `${container}.${name}` : name);
    // Present layers per line; a missing required layer stops the run.
    const present = lines.map((line) =>
      line.names.map(qualify).filter((name) => {
        if (graph.ids.has(name)) return true;
        if (!line.optional) {
          throw new ContractsError('ValueError', `Missing layer '${name}': module ${name} does not exist.`, {
            contract: contract.name,
            field: 'layers',
          });
        }
        return false;
      }),
    );
    const members = new Map<string, number[]>();
    for (const name of present.flat()) members.set(name, graph.membersOf(name));
    const check = (lower: string, higher: string) => {
      const blocked = new Uint8Array(graph.names.length);
      for (const [name, ids] of members) if (name !== lower && name !== higher) for (const id of ids) blocked[id] = 1;
      const routes = findPackageRoutes(graph, members.get(lower)!, members.get(higher)!, blocked, context.removed);
      if (routes.length > 0) violations.push({ importer: lower, imported: higher, routes });
    };
    present.forEach((higherLine, high) => {
      for (let low = high + 1; low < present.length; low += 1) {
        for (const higher of higherLine) for (const lower of present[low]!) check(lower, higher);
      }
      if (lines[high]!.independent) {
        for (const a of higherLine) for (const b of higherLine) if (a !== b) check(a, b);
      }
    });
    if (exhaustive && container) {
      const declared = new Set(lines.flatMap((line) => line.names));
      const ignored = new Set(option(context, 'exhaustive_ignores', false));
      const depth = container.split('.').length + 1;
      for (const name of graph.names) {
        if (!name.startsWith(`${container}.`) || name.split('.').length !== depth) continue;
        const child = name.slice(container.length + 1);
        if (!declared.has(child) && !ignored.has(child) && !graph.external[graph.ids.get(name)!]) undeclared.push(name);
      }
    }
  }
  return { violations, undeclared: undeclared.sort() };
}

// Deterministic synthetic Python codebase for the contract-engine benchmark: a large monorepo with
// domains > features > 4 layers > subpackages > modules (7 name components deep), a shared
// platform package, every import form (absolute, from, relative, aliased, parenthesised
// multi-line, backslash-continued, inside functions, try/except, TYPE_CHECKING) and files of about
// 4 KB. Same arguments, same bytes.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** mulberry32: a small, fast, seeded PRNG. */
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const LAYERS = ['api', 'services', 'repositories', 'domain'];
let SUBPACKAGES = 3;
let MODULES_PER_SUBPACKAGE = 4;
let FEATURES_PER_DOMAIN = 20;
let PLATFORM_LIBS = 20;
let MODULES_PER_LIB = 12;

/** Exercise-sized projects (a few dozen modules) keep the same shape, scaled down. */
function setShape(moduleCount) {
  const small = moduleCount < 500;
  SUBPACKAGES = small ? 1 : 3;
  MODULES_PER_SUBPACKAGE = small ? 2 : 4;
  FEATURES_PER_DOMAIN = small ? 2 : 20;
  PLATFORM_LIBS = small ? 2 : 20;
  MODULES_PER_LIB = small ? 3 : 12;
  return 1 + LAYERS.length * (1 + SUBPACKAGES * (1 + MODULES_PER_SUBPACKAGE));
}

const FILLER = `
class Record{n}:
    """A value object. Not an import: from bigco.domains import nothing."""

    def __init__(self, identifier: str, amount: int = 0) -> None:
        self.identifier = identifier
        self.amount = amount
        self.note = f"record {identifier!r} of {amount:>{n}} {f'{self.amount:{n}}'}"  # import this? no

    def total(self, others: "list[Record{n}]") -> int:
        if (count := len(others)) > {n}:
            return sum(other.amount for other in others) + count
        match self.amount:
            case 0:
                return 0
            case _:
                return self.amount * {n}


def helper_{n}(values: dict[str, int]) -> list[str]:
    '''Helper; the text "import os" inside a docstring is not an import.'''
    result = [key for key, value in sorted(values.items()) if value > {n}]
    message = "from bigco import secrets"  # neither is this string
    return result + [message.upper(), r"raw\\d+", b"bytes".decode()]
`;

/** Modules of the project, in a stable order: { name, path, isPackage }. */
export function planModules(moduleCount) {
  const MODULES_PER_FEATURE = setShape(moduleCount);
  const modules = [];
  const add = (name, isPackage) =>
    modules.push({ name, isPackage, path: `${name.replace(/\./g, '/')}${isPackage ? '/__init__.py' : '.py'}` });
  add('bigco', true);
  add('bigco.platform', true);
  for (let lib = 0; lib < PLATFORM_LIBS; lib += 1) {
    add(`bigco.platform.lib${lib}`, true);
    for (let m = 0; m < MODULES_PER_LIB; m += 1) add(`bigco.platform.lib${lib}.util${m}`, false);
  }
  add('bigco.domains', true);
  const features = Math.max(1, Math.round((moduleCount - modules.length) / MODULES_PER_FEATURE));
  for (let f = 0; f < features; f += 1) {
    const domain = `bigco.domains.d${Math.floor(f / FEATURES_PER_DOMAIN)}`;
    if (f % FEATURES_PER_DOMAIN === 0) add(domain, true);
    const feature = `${domain}.f${f % FEATURES_PER_DOMAIN}`;
    add(feature, true);
    for (const layer of LAYERS) {
      add(`${feature}.${layer}`, true);
      for (let s = 0; s < SUBPACKAGES; s += 1) {
        add(`${feature}.${layer}.sub${s}`, true);
        for (let m = 0; m < MODULES_PER_SUBPACKAGE; m += 1) add(`${feature}.${layer}.sub${s}.mod${m}`, false);
      }
    }
  }
  return modules;
}

const CONFIG = `[importlinter]
root_package = bigco

[importlinter:contract:layers]
name = Feature layers
type = layers
containers =
    bigco.domains.*.*
layers =
    api
    services
    repositories
    domain

[importlinter:contract:platform]
name = Platform does not know the domains
type = forbidden
source_modules =
    bigco.platform
forbidden_modules =
    bigco.domains

[importlinter:contract:domains]
name = Domains are independent
type = independence
modules =
    bigco.domains.*
`;

/** Source of one module: imports of lower layers and the platform in every form, plus ~4 KB of code. */
function moduleSource(module, modules, byName, rand, violations) {
  const parts = module.name.split('.');
  const lines = [`"""Module ${module.name}.`, '', 'Nothing here is imported: import bigco.domains.d0', '"""'];
  lines.push('from __future__ import annotations', 'import os', 'import typing', 'from dataclasses import dataclass');
  const targets = [];
  if (parts[1] === 'domains' && parts.length >= 7) {
    const feature = parts.slice(0, 4).join('.');
    const layerIndex = LAYERS.indexOf(parts[4]);
    // Lower layers of the same feature.
    for (let i = 0; i < 2; i += 1) {
      const lower = LAYERS[Math.min(LAYERS.length - 1, layerIndex + 1 + Math.floor(rand() * 2))];
      if (layerIndex === LAYERS.length - 1) break;
      targets.push(
        `${feature}.${lower}.sub${Math.floor(rand() * SUBPACKAGES)}.mod${Math.floor(rand() * MODULES_PER_SUBPACKAGE)}`,
      );
    }
    // The same feature's domain in another feature of the same domain (domain layer only imports domain).
    if (rand() < 0.3) {
      const other = `${parts.slice(0, 3).join('.')}.f${Math.floor(rand() * FEATURES_PER_DOMAIN)}`;
      targets.push(`${other}.domain.sub${Math.floor(rand() * SUBPACKAGES)}.mod0`);
    }
    targets.push(`bigco.platform.lib${Math.floor(rand() * PLATFORM_LIBS)}.util${Math.floor(rand() * MODULES_PER_LIB)}`);
    if (violations.upward > 0 && rand() < 0.002 && layerIndex > 0) {
      violations.upward -= 1;
      targets.push(`${feature}.${LAYERS[layerIndex - 1]}.sub0.mod0`);
    }
  } else if (parts[1] === 'platform' && parts.length === 4) {
    const lib = Number(parts[2].slice(3));
    if (lib + 1 < PLATFORM_LIBS)
      targets.push(
        `bigco.platform.lib${lib + 1 + (Math.floor(rand() * 2) % (PLATFORM_LIBS - lib - 1))}.util${Math.floor(rand() * MODULES_PER_LIB)}`,
      );
  }
  let form = 0;
  for (const target of targets.filter((name) => byName.has(name) && name !== module.name)) {
    const [head, tail] = [target.slice(0, target.lastIndexOf('.')), target.slice(target.lastIndexOf('.') + 1)];
    switch (form++ % 6) {
      case 0:
        lines.push(`import ${target}`);
        break;
      case 1:
        lines.push(`from ${head} import ${tail} as ${tail}_alias`);
        break;
      case 2:
        lines.push(`from ${target} import (`, '    Record1,', `    helper_1,`, ')');
        break;
      case 3:
        lines.push(
          'try:',
          `    from ${head} import \\`,
          `        ${tail}`,
          'except ImportError:  # pragma: no cover',
          `    ${tail} = None`,
        );
        break;
      case 4:
        lines.push('if typing.TYPE_CHECKING:', `    from ${target} import Record2`, 'else:', '    Record2 = object');
        break;
      default:
        lines.push('', 'def lazy():', `    import ${target}`, `    return ${target}`);
    }
  }
  if (!module.isPackage && parts.length >= 7) {
    const sibling = `mod${(Number(parts[6].slice(3)) + 1) % MODULES_PER_SUBPACKAGE}`;
    lines.push(`from . import ${sibling}`, `from ..sub0.mod0 import helper_2`);
  }
  let body = lines.join('\n') + '\n';
  for (let n = 1; body.length < 3900; n += 1) body += FILLER.replaceAll('{n}', String(n));
  return body;
}

/** Writes the project to `dir` (emptied first). Returns { modules, imports: number of import statements }. */
export function generateProject(dir, moduleCount, seed = 65000) {
  rmSync(dir, { recursive: true, force: true });
  const rand = random(seed);
  const modules = planModules(moduleCount);
  const byName = new Set(modules.map((module) => module.name));
  const violations = { upward: Math.max(1, Math.round(modules.length / 5000)) };
  const made = new Set();
  let imports = 0;
  for (const module of modules) {
    const file = join(dir, module.path);
    const folder = file.slice(0, file.lastIndexOf('/'));
    if (!made.has(folder)) {
      mkdirSync(folder, { recursive: true });
      made.add(folder);
    }
    const source = moduleSource(module, modules, byName, rand, violations);
    imports += (source.match(/^\s*(import|from) /gm) ?? []).length;
    writeFileSync(file, source);
  }
  writeFileSync(join(dir, '.importlinter'), CONFIG);
  return { modules: modules.length, imports };
}

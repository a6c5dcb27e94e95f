import { ContractsError } from './errors.ts';

export interface DiscoveredModule {
  name: string;
  path: string;
}

/**
 * The portions of a namespace root package (PEP 420: a directory without `__init__.py`), as
 * import-linter >= 2.9 accepts one for root_package: the packages under it whose parent directory is
 * not a package, by dotted name. The namespace directories themselves are not modules.
 */
function namespacePortions(packageDirs: Set<string>, rootDir: string): string[] | undefined {
  for (const base of ['', 'src/']) {
    const prefix = `${base}${rootDir}/`;
    const portions = [...packageDirs]
      .filter((dir) => dir.startsWith(prefix) && !packageDirs.has(dir.slice(0, dir.lastIndexOf('/'))))
      .filter(
        (dir) =>
          !dir
            .slice(prefix.length)
            .split('/')
            .some((name) => name.startsWith('.') || name.includes('.')),
      )
      .sort();
    if (portions.length > 0) return portions.map((dir) => dir.slice(base.length).replaceAll('/', '.'));
  }
  return undefined;
}

/**
 * Finds the modules of each root package in a file map, as grimp does: a directory is a package
 * only with an `__init__.py`; hidden files and directories and names with extra dots are skipped.
 * A root package may sit at the top of the tree or under `src/` (the src layout); it may be a
 * namespace package's portion (`ns.app`, the directories above it without `__init__.py`) or the
 * namespace itself (every portion under it).
 */
export function discoverModules(paths: Iterable<string>, rootPackages: string[]): DiscoveredModule[] {
  const all = Array.isArray(paths) ? (paths as string[]) : [...paths];
  const packageDirs = new Set<string>();
  for (const path of all) if (path.endsWith('/__init__.py')) packageDirs.add(path.slice(0, -'/__init__.py'.length));
  const modules: DiscoveredModule[] = [];
  const roots = [...rootPackages];
  for (const root of roots) {
    const rootDir = root.replace(/\./g, '/');
    const base = packageDirs.has(rootDir) ? '' : packageDirs.has(`src/${rootDir}`) ? 'src/' : undefined;
    if (base === undefined) {
      const single = all.find((path) => path === `${rootDir}.py` || path === `src/${rootDir}.py`);
      if (single) {
        // import-linter >= 2.12 refuses a root that is a module (grimp would graph only its package).
        throw new ContractsError(
          'InvalidUserOptions',
          `'${root}' is a module, not a package. root_packages should only contain packages (directories with __init__.py), not individual .py files (${single}).`,
          { field: 'root_package', file: single },
        );
      }
      const portions = namespacePortions(packageDirs, rootDir);
      if (portions) {
        roots.push(...portions.filter((portion) => !roots.includes(portion)));
        continue;
      }
      throw new ContractsError(
        'MissingRootPackage',
        `Could not find root package "${root}": no ${rootDir}/__init__.py (or src/${rootDir}/__init__.py).`,
        { field: 'root_package' },
      );
    }
    const prefix = `${base}${rootDir}/`;
    const rootPath = `${base}${rootDir}`;
    // The module name of a directory when it and every directory between it and the root are
    // packages, else null (memoised, so each directory's name is built once): a/b → root.b.
    const known = new Map<string, string | null>([[rootPath, root]]);
    const packageName = (dir: string): string | null => {
      const cached = known.get(dir);
      if (cached !== undefined) return cached;
      const slash = dir.lastIndexOf('/');
      const name = dir.slice(slash + 1);
      const parent =
        !name.startsWith('.') && !name.includes('.') && packageDirs.has(dir) ? packageName(dir.slice(0, slash)) : null;
      const dotted = parent === null ? null : `${parent}.${name}`;
      known.set(dir, dotted);
      return dotted;
    };
    for (const path of all) {
      if (!path.endsWith('.py') || !path.startsWith(prefix)) continue;
      const slash = path.lastIndexOf('/');
      const stem = path.slice(slash + 1, -3);
      if (stem.startsWith('.') || stem.includes('.') || stem === '') continue;
      // a/b/c.py → root.b.c; a/b/__init__.py → root.b (the directories are dot-free packages).
      const dir = packageName(path.slice(0, slash));
      if (dir === null) continue;
      modules.push({ name: stem === '__init__' ? dir : `${dir}.${stem}`, path });
    }
  }
  return modules;
}

// A generated project for checking that the workspace's import graph stays readable at 50 modules
// (unit tests lay it out in Node; the e2e draws it in Chromium).

/** A 50-module project in five layers (one of them two independent siblings), one empty optional
 * layer and a few modules in none; imports point down, across a band and, three of them, up. */
export function fiftyModuleProject(): { files: Record<string, string>; config: string; upward: [string, string][] } {
  const bands: [string, number][] = [
    ['shop.main', 0],
    ['shop.api', 8],
    ['shop.services', 10],
    ['shop.adapters.db', 4],
    ['shop.adapters.mail', 2],
    ['shop.domain', 16],
  ];
  const names: string[][] = bands.map(([pkg, count]) =>
    count === 0 ? [pkg] : [pkg, ...Array.from({ length: count }, (_, i) => `${pkg}.${pkg.split('.').pop()}_part_${i}`)],
  );
  const unlayered = ['shop', 'shop.adapters', 'shop.settings', 'shop.util_strings'];
  let seed = 7;
  const random = (below: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % below;
  };
  const imports = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (from !== to) imports.set(from, (imports.get(from) ?? new Set()).add(to));
  };
  names.forEach((group, level) => {
    for (const name of group) {
      const below = names.slice(level + 1).flat();
      if (below.length > 0) for (let k = 0; k < 2; k += 1) add(name, below[random(below.length)]!);
      if (random(3) === 0) add(name, group[random(group.length)]!);
    }
  });
  add('shop.api', 'shop.settings');
  const upward: [string, string][] = [
    ['shop.domain.domain_part_3', 'shop.services.services_part_1'],
    ['shop.adapters.db.db_part_0', 'shop.api.api_part_2'],
    ['shop.domain.domain_part_9', 'shop.main'],
  ];
  for (const [from, to] of upward) add(from, to);
  const files: Record<string, string> = {};
  const isPackage = (name: string) => [...names.flat(), ...unlayered].some((other) => other.startsWith(`${name}.`));
  for (const name of [...names.flat(), ...unlayered]) {
    const path = isPackage(name) ? `${name.replace(/\./g, '/')}/__init__.py` : `${name.replace(/\./g, '/')}.py`;
    files[path] = [...(imports.get(name) ?? [])].map((to) => `import ${to}\n`).join('');
  }
  const config = `[importlinter]
root_package = shop
[importlinter:contract:layers]
name = Layers
type = layers
layers =
    shop.main
    shop.api
    shop.services
    shop.adapters.db | shop.adapters.mail
    (shop.legacy)
    shop.domain
`;
  return { files, config, upward };
}

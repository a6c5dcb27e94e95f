import { parse as parseToml } from 'smol-toml';
import { ContractsError } from './errors.ts';
import { parseContract } from './checks/registry.ts';
import { parseRule } from './structure/index.ts';
import type { ConfigFile, ContractConfig, LinterConfig } from './config-types.ts';

export type { ConfigFile, ContractConfig, LinterConfig } from './config-types.ts';

const INI_FILES = ['setup.cfg', '.importlinter'] as const;
const TOML_FILE = 'pyproject.toml';

/**
 * import-linter's configuration files, in the order lint-imports tries them (its INI reader's
 * setup.cfg then .importlinter, then its TOML reader's pyproject.toml). Every reader of a project or
 * an exercise takes the names and the order from here; findConfigFile applies them.
 */
export const CONFIG_FILE_NAMES = [...INI_FILES, TOML_FILE] as const;

function asText(source: string | Uint8Array): string {
  return typeof source === 'string' ? source : new TextDecoder().decode(source);
}

/** Finds the configuration the way lint-imports does: setup.cfg / .importlinter (INI), then pyproject.toml. */
export function findConfigFile(files: Record<string, string | Uint8Array>): ConfigFile | undefined {
  for (const path of INI_FILES) {
    const source = files[path];
    if (source !== undefined && /^\[importlinter\]/m.test(asText(source))) return { path, text: asText(source) };
  }
  const toml = files[TOML_FILE];
  if (toml !== undefined && hasTomlImportLinter(asText(toml))) return { path: TOML_FILE, text: asText(toml) };
  return undefined;
}

/**
 * Whether a pyproject.toml has a non-empty `tool.importlinter` table, however its header is written
 * (`[tool.importlinter]`, `[tool."importlinter"]`, `[ tool . importlinter ]`, dotted keys): TOML
 * decides, as tomllib does for lint-imports. A file that is not valid TOML is left to parseConfig's error.
 */
function hasTomlImportLinter(text: string): boolean {
  if (!text.includes('importlinter')) return false;
  try {
    const tool = (parseToml(text) as { tool?: Record<string, unknown> }).tool?.importlinter;
    return typeof tool === 'object' && tool !== null && Object.keys(tool).length > 0;
  } catch {
    return /^\s*\[\s*tool\s*\.\s*["']?importlinter["']?\s*\]/m.test(text);
  }
}

/** configparser-style INI: sections, `key = value` / `key: value`, indented continuation lines. */
function parseIni(file: ConfigFile): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let section: Map<string, string> | undefined;
  let key: string | undefined;
  file.text.split(/\r?\n/).forEach((raw, index) => {
    if (/^\s*[#;]/.test(raw) || raw.trim() === '') return;
    const header = /^\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = new Map();
      sections.set(header[1]!.trim(), section);
      key = undefined;
      return;
    }
    if (/^\s/.test(raw) && section && key !== undefined) {
      section.set(key, `${section.get(key)}\n${raw.trim()}`);
      return;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(raw);
    if (!pair || !section) {
      throw new ContractsError('InvalidConfig', `${file.path}, line ${index + 1}: cannot read "${raw.trim()}"`, {
        file: file.path,
        line: index + 1,
      });
    }
    key = pair[1]!.trim().toLowerCase();
    section.set(key, pair[2]!.trim());
  });
  return sections;
}

const lines = (value: string): string[] =>
  value
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '');

function toList(value: unknown, where: string): string[] {
  if (Array.isArray(value)) return value.map((item) => String(item));
  if (typeof value === 'boolean' || typeof value === 'number') return [String(value)];
  if (typeof value === 'string') return lines(value);
  throw new ContractsError('InvalidConfig', `${where}: unsupported value`);
}

export function parseBoolean(
  values: string[] | undefined,
  fallback: boolean,
  where: { contract?: string; field: string },
) {
  if (!values || values.length === 0) return fallback;
  const value = values.join('').toLowerCase();
  if (['true', '1', 'yes', 'on'].includes(value)) return true;
  if (['false', '0', 'no', 'off'].includes(value)) return false;
  throw new ContractsError(
    'InvalidContract',
    `${where.contract ? `Contract "${where.contract}": ` : ''}"${where.field}" must be true or false, not "${values.join(' ')}"`,
    where,
  );
}

/** `contract_types` lines, `name: python.module.ClassName`, by name. */
function customContractTypes(lines: string[], path: string): Record<string, string> {
  const types: Record<string, string> = {};
  for (const line of lines) {
    const match = /^\s*([\w-]+)\s*:\s*([\w.]+)\s*$/.exec(line);
    if (!match) {
      throw new ContractsError(
        'InvalidConfig',
        `${path}: contract_types entries are "name: python.module.ClassName", not "${line}"`,
        { file: path, field: 'contract_types' },
      );
    }
    types[match[1]!] = match[2]!;
  }
  return types;
}

/** Parses an import-linter configuration (INI or pyproject.toml). Throws ContractsError naming the field. */
export function parseConfig(file: ConfigFile): LinterConfig {
  let root: Record<string, string[]>;
  let contracts: ContractConfig[];
  let rules: ContractConfig[];
  if (file.path.endsWith('.toml')) {
    let data: Record<string, unknown>;
    try {
      data = parseToml(file.text) as Record<string, unknown>;
    } catch (error) {
      throw new ContractsError('InvalidConfig', `${file.path}: ${(error as Error).message}`, { file: file.path });
    }
    const tool = (data.tool as Record<string, unknown> | undefined)?.importlinter as
      Record<string, unknown> | undefined;
    if (!tool)
      throw new ContractsError('InvalidConfig', `${file.path}: no [tool.importlinter] table`, { file: file.path });
    root = {};
    for (const [key, value] of Object.entries(tool)) {
      if (key !== 'contracts') root[key] = toList(value, `${file.path} [tool.importlinter] ${key}`);
    }
    const list = Array.isArray(tool.contracts) ? (tool.contracts as Record<string, unknown>[]) : [];
    contracts = list.map((entry, index) => {
      const options: Record<string, string[]> = {};
      for (const [key, value] of Object.entries(entry))
        options[key] = toList(value, `${file.path} contract ${index + 1} ${key}`);
      const id = options.id?.[0] ?? String(index + 1);
      return { id, name: options.name?.[0] ?? '', type: options.type?.[0] ?? '', options };
    });
    // Strata's structure rules: a table of its own, which lint-imports never reads.
    const strata = (data.tool as Record<string, unknown>).strata as Record<string, unknown> | undefined;
    const ruleList = Array.isArray(strata?.rules) ? (strata.rules as Record<string, unknown>[]) : [];
    rules = ruleList.map((entry, index) => {
      const options: Record<string, string[]> = {};
      for (const [key, value] of Object.entries(entry))
        options[key] = toList(value, `${file.path} rule ${index + 1} ${key}`);
      const id = options.id?.[0] ?? `rule-${index + 1}`;
      return { id, name: options.name?.[0] ?? '', type: options.type?.[0] ?? '', options };
    });
  } else {
    const sections = parseIni(file);
    const main = sections.get('importlinter');
    if (!main)
      throw new ContractsError('InvalidConfig', `${file.path}: no [importlinter] section`, { file: file.path });
    root = Object.fromEntries([...main].map(([key, value]) => [key, lines(value)]));
    contracts = [...sections]
      .filter(([name]) => name.startsWith('importlinter:contract:'))
      .map(([name, values]) => {
        const options = Object.fromEntries([...values].map(([key, value]) => [key, lines(value)]));
        return {
          id: name.slice('importlinter:contract:'.length),
          name: options.name?.[0] ?? '',
          type: options.type?.[0] ?? '',
          options,
        };
      });
    // `[strata:rule:ID]`: lint-imports reads only `importlinter` and `importlinter:*` sections.
    rules = [...sections]
      .filter(([name]) => name.startsWith('strata:rule:'))
      .map(([name, values]) => {
        const options = Object.fromEntries([...values].map(([key, value]) => [key, lines(value)]));
        return {
          id: name.slice('strata:rule:'.length),
          name: options.name?.[0] ?? '',
          type: options.type?.[0] ?? '',
          options,
        };
      });
  }
  const rootPackages = [...(root.root_package ?? []), ...(root.root_packages ?? [])];
  if (rootPackages.length === 0) {
    throw new ContractsError('InvalidConfig', `${file.path}: set "root_package" or "root_packages"`, {
      file: file.path,
      field: 'root_package',
    });
  }
  for (const contract of contracts) {
    if (!contract.name) {
      throw new ContractsError('InvalidContract', `Contract "${contract.id}": "name" is required`, {
        contract: contract.id,
        field: 'name',
      });
    }
    if (!contract.type) {
      throw new ContractsError('InvalidContract', `Contract "${contract.name}": "type" is required`, {
        contract: contract.name,
        field: 'type',
      });
    }
  }
  const config: LinterConfig = {
    path: file.path,
    rootPackages,
    includeExternalPackages: parseBoolean(root.include_external_packages, false, {
      field: 'include_external_packages',
    }),
    excludeTypeCheckingImports: parseBoolean(root.exclude_type_checking_imports, false, {
      field: 'exclude_type_checking_imports',
    }),
    contracts,
  };
  if (rules.length > 0) config.rules = rules;
  const customTypes = customContractTypes(root.contract_types ?? [], file.path);
  if (Object.keys(customTypes).length > 0) config.customTypes = customTypes;
  for (const contract of contracts) parseContract(contract, config);
  for (const rule of rules) parseRule(rule, config);
  return config;
}

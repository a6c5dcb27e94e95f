// The contract types, by the `type` a contract names in the configuration. A contract's options
// are parsed once, by its type, when the configuration is parsed; checks and reports go through
// its type from then on.
import type { ContractConfig, LinterConfig } from '../config-types.ts';
import type { ContractReport } from '../types.ts';
import { acyclicSiblingsContract } from './acyclic.ts';
import { invalidContract, OptionReader } from './contract-type.ts';
import type { CommonOptions, ContractType, Verdict } from './contract-type.ts';
import type { CheckContext } from './context.ts';
import { forbiddenContract } from './forbidden.ts';
import { independenceContract } from './independence.ts';
import { layersContract } from './layers.ts';
import { protectedContract } from './protected.ts';

/** A configured contract with its options parsed by its type. */
export interface Contract {
  readonly config: ContractConfig;
  readonly options: CommonOptions;
  /** See ContractType.tracksFootprint. */
  readonly tracksFootprint: boolean;
  check(context: CheckContext): Verdict;
}

/** A contract type with its options type hidden: it parses into a Contract that remembers them. */
interface RegisteredType {
  readonly name: string;
  parse(config: ContractConfig, linter: LinterConfig): Contract;
  render(report: ContractReport): string[];
}

function register<Options extends CommonOptions>(type: ContractType<Options>): RegisteredType {
  return {
    name: type.name,
    parse(config, linter) {
      const options = type.parse(new OptionReader(config), linter);
      return {
        config,
        options,
        tracksFootprint: type.tracksFootprint,
        check: (context) => type.check(context, options),
      };
    },
    render: (report) => type.render(report),
  };
}

const layers = register(layersContract);
const CONTRACT_TYPES = new Map(
  [
    layers,
    register(forbiddenContract),
    register(independenceContract),
    register(protectedContract),
    register(acyclicSiblingsContract),
  ].map((type) => [type.name, type]),
);

const parsed = new WeakMap<ContractConfig, Contract>();

/** Parses a contract's options by its type; throws InvalidContract naming the field. */
export function parseContract(config: ContractConfig, linter: LinterConfig): Contract {
  const type = CONTRACT_TYPES.get(config.type);
  const custom = linter.customTypes?.[config.type];
  if (!type && custom !== undefined) {
    throw invalidContract(
      config,
      'type',
      `"${config.type}" is a custom contract type (${custom}, from contract_types). Strata checks import-linter's built-in contract types (${[...CONTRACT_TYPES.keys()].join(', ')}); it cannot run a Python contract class, so this contract is not supported.`,
    );
  }
  if (!type) {
    const known = [...CONTRACT_TYPES.keys()].join(', ');
    throw invalidContract(config, 'type', `unknown type "${config.type}"; expected one of ${known}.`);
  }
  const contract = type.parse(config, linter);
  parsed.set(config, contract);
  return contract;
}

/** The contract as parsed with the configuration (parsed now if it was built some other way). */
export function contractOf(config: ContractConfig, linter: LinterConfig): Contract {
  return parsed.get(config) ?? parseContract(config, linter);
}

/** The body of a broken contract in the text report, rendered by its type. */
export function renderViolations(report: ContractReport): string[] {
  return (CONTRACT_TYPES.get(report.type) ?? layers).render(report);
}

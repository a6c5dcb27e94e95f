// The package's name and version, read from package.json (bundled into build/cli/ by esbuild, so
// the prebuilt CLI needs no file at run time; the manifest rebuilds it when package.json changes).
import packageJson from '../../package.json' with { type: 'json' };

export const PACKAGE_NAME: string = packageJson.name;
export const STRATA_VERSION: string = packageJson.version;

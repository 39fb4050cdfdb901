/** archlint's own package: where it is installed, its version and its home page. */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

interface PackageJson {
  name?: string;
  version: string;
  homepage: string;
}

let cached: { root: string; json: PackageJson } | undefined;

function load(): { root: string; json: PackageJson } {
  if (cached) return cached;
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = path.join(dir, 'package.json');
    if (existsSync(candidate)) {
      const json = JSON.parse(readFileSync(candidate, 'utf8')) as PackageJson;
      if (json.name === 'archlint') return (cached = { root: dir, json });
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error("cannot find archlint's package.json");
    dir = parent;
  }
}

/** The package's root directory: the nearest package.json named archlint above this module (from src/ and dist/ alike). */
export const packageRoot = (): string => load().root;
export const version = (): string => load().json.version;
/** The project's home page, the base of rule documentation links. */
export const homepage = (): string => load().json.homepage;
/** Where a rule's documentation is published: its page in docs/rules/ at this version's tag. */
export const ruleDocUrl = (id: string): string => `${homepage()}/blob/v${version()}/docs/rules/${id}.md`;

/**
 * The directory that CI reports name files relative to: code scanning, pull-request annotations
 * and GitLab's widgets all look files up from the repository's root, wherever in it archlint ran
 * (a subdirectory, a package of a monorepo). In order: `GITHUB_WORKSPACE` or `CI_PROJECT_DIR` when
 * set (the checkout GitHub Actions or GitLab CI made), then the Git work tree that holds `cwd`
 * (the nearest directory with a `.git` directory or file, as worktrees and submodules have), then
 * `cwd` itself.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';

export function repositoryRoot(cwd: string, env: Record<string, string | undefined>): string {
  for (const name of ['GITHUB_WORKSPACE', 'CI_PROJECT_DIR']) {
    const value = env[name];
    if (value !== undefined && value !== '') return path.resolve(cwd, value);
  }
  let dir = path.resolve(cwd);
  for (;;) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(cwd);
    dir = parent;
  }
}

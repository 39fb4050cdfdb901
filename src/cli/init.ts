/**
 * `archlint init [dir]`: a starting point. Writes a configuration, an example model and a VS Code
 * task whose problem matcher puts findings in the Problems panel. Never replaces a file: each one
 * that exists is left alone (and for tasks.json, the task to add by hand is printed).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { glob } from 'tinyglobby';
import { CONFIG_FILE } from '../config/config.js';
import { packageRoot } from '../package-info.js';
import { UsageError } from '../errors.js';
import { describeFsError } from '../io/errors.js';
import { WriteGate } from '../io/gate.js';
import type { Io } from './io.js';

export const EXAMPLE_FILE = 'architecture.arch';

export const starterConfig = `{
  // Which rules run, and how severely: see \`archlint rules\` and docs/configuration.md.
  "$schema": "./node_modules/archlint/schema/archlint-config.schema.json",
  "extends": "archlint:recommended",
  "rules": {},
  "ignore": []
}
`;

/**
 * The tasks: a one-off check, read by VS Code's built-in \`$eslint-compact\` matcher (archlint's
 * compact format is that format), and a background watch that clears and refills the Problems
 * panel on every check (\`archlint: checking\` and \`archlint: watching\` mark each round).
 */
export const tasks = [
  {
    label: 'archlint: check',
    type: 'shell',
    command: 'npx archlint check --format compact .',
    problemMatcher: '$eslint-compact',
    group: 'build',
    presentation: { reveal: 'silent', clear: true },
  },
  {
    label: 'archlint: watch',
    type: 'shell',
    command: 'npx archlint check --watch --format compact .',
    isBackground: true,
    problemMatcher: {
      base: '$eslint-compact',
      background: { activeBegin: true, beginsPattern: '^archlint: checking', endsPattern: '^archlint: watching' },
    },
    presentation: { reveal: 'silent' },
  },
];

export const tasksJson = `${JSON.stringify({ version: '2.0.0', tasks }, null, 2)}\n`;

/** Creates `file` with `text` through the gate unless something is there already; says which. */
function create(gate: WriteGate, file: string, text: string, shown: string, io: Io): boolean {
  const created = gate.create(file, text);
  io.stdout.write(`${created ? '  created           ' : '  exists, left alone'}  ${shown}\n`);
  return created;
}

export async function runInit(dir: string | undefined, io: Io): Promise<number> {
  const target = path.resolve(io.cwd, dir ?? '.');
  try {
    if (!statSync(target).isDirectory()) throw new UsageError(`init sets up a directory, and ${dir} is a file`);
  } catch (error) {
    if (error instanceof UsageError) throw error;
    // Not there yet: created with the first file. Anything else (a parent that is a file, no
    // permission) is said before a line is printed.
    if ((error as { code?: unknown }).code !== 'ENOENT') throw new UsageError(`cannot set up ${dir ?? '.'}: ${describeFsError(error)}`);
  }
  const shown = (file: string) => path.relative(io.cwd, path.join(target, file)) || file;
  const tasksFile = path.join('.vscode', 'tasks.json');
  const existing = await glob('**/*.arch', { cwd: target, ignore: ['**/node_modules/**', '**/.git/**'] });
  // init reads nothing of the user's: its files are only ever created, never replaced.
  const gate = new WriteGate(io.cwd, () => []);
  await gate.plan([CONFIG_FILE, EXAMPLE_FILE, tasksFile].map((file) => ({ file: path.join(target, file), createOnly: true })));
  io.stdout.write(`Setting up archlint in ${path.relative(io.cwd, target) || '.'}:\n`);
  create(gate, path.join(target, CONFIG_FILE), starterConfig, shown(CONFIG_FILE), io);
  if (existing.length > 0) {
    io.stdout.write(
      `  not needed          ${shown(EXAMPLE_FILE)} (there ${existing.length === 1 ? 'is a .arch file' : `are ${existing.length} .arch files`} here already)\n`,
    );
  } else {
    create(gate, path.join(target, EXAMPLE_FILE), readFileSync(path.join(packageRoot(), 'examples', 'photo-sharing.arch'), 'utf8'), shown(EXAMPLE_FILE), io);
  }
  if (!create(gate, path.join(target, tasksFile), tasksJson, shown(tasksFile), io)) {
    io.stdout.write(`\nTo check from VS Code, add these tasks to ${shown(tasksFile)}'s "tasks" list:\n${JSON.stringify(tasks, null, 2)}\n`);
  }
  io.stdout.write(`\nNext: \`npx archlint check ${dir ?? '.'}\`, or in VS Code run the task "archlint: check" (findings appear in the Problems panel).\n`);
  return 0;
}

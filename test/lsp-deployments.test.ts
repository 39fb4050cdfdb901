/**
 * Deployment documents in the language server, through a real LSP client: an open Compose file
 * or Kubernetes manifest gets the findings `archlint check` reports on it, at its own lines
 * (0-based here, as LSP counts), and is checked again as it changes; any other YAML or JSON
 * document gets none. Positions were counted by hand in the texts below.
 */
import { describe, expect } from 'vitest';
import { TIMEOUT, it, range } from './lsp-client.js';

// Line 0 `services:`; `web` (line 1) runs one replica and publishes port 8080 to the internet
// (line 5), with a database (line 6) that has no volume.
const compose = [
  'services:',
  '  web:',
  '    image: ghcr.io/acme/web:1',
  '    environment: { DATABASE_URL: "postgres://app@db:5432/app" }',
  '    ports:',
  '      - "8080:8080"',
  '  db:',
  '    image: postgres:16',
  '',
].join('\n');

const codesAt = (ds: { code?: string | number; range: { start: { line: number } } }[]) => ds.map((d) => [d.code, d.range.start.line]).sort();

describe('deployment documents', () => {
  it(
    'publishes the findings of a Compose file at its lines, and again when it changes',
    async ({ client, at }) => {
      const found = await client.open(at('compose.yaml'), compose, 'dockercompose');
      expect(codesAt(found)).toEqual(
        [
          ['ephemeral-state', 6],
          ['missing-load-balancer', 5],
          ['missing-observability', 1],
          ['no-db-replication', 6],
          ['shared-fate', 6],
          ['spof', 1],
          ['spof', 6],
        ].sort(),
      );
      const db = found.find((d) => d.code === 'ephemeral-state')!;
      expect(db.range).toEqual(range(6, 2, 4));
      // Two replicas of web: it is no longer a single point of failure.
      const changed = await client.change(at('compose.yaml'), compose.replace('  web:\n', '  web:\n    deploy: { replicas: 2 }\n'));
      expect(changed.filter((d) => d.code === 'spof').map((d) => d.range.start.line)).toEqual([7]);
    },
    TIMEOUT,
  );

  it(
    'reports invalid YAML in a manifest where it is',
    async ({ client, at }) => {
      const found = await client.open(at('deploy.yaml'), 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: [web\n', 'yaml');
      expect(found.length).toBeGreaterThan(0);
      expect(found.every((d) => d.code === 'syntax' && d.severity === 1)).toBe(true);
    },
    TIMEOUT,
  );

  it(
    'leaves other YAML and JSON alone',
    async ({ client, at }) => {
      expect(await client.open(at('.github/workflows/ci.yaml'), 'on: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n', 'yaml')).toEqual([]);
      expect(await client.open(at('package.json'), '{ "name": "x" }\n', 'json')).toEqual([]);
    },
    TIMEOUT,
  );
});

/**
 * The formatter (grammar/format.ts): a layout written out by hand, and on every example, design
 * and fixture that parses, three properties: formatting twice changes nothing, the model is the
 * same (its components, edges and settings), and every finding marked by hand in a file
 * (`# expect:` on the line it is anchored to) is still found on the line its marker moved to.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseArch } from '../grammar/index.js';
import { formatArch } from '../grammar/format.js';
import { buildModel } from '../src/model/build.js';
import { check } from '../src/index.js';
import { root } from './cli-run.js';
import { markersIn } from './markers.js';

function archFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) return archFiles(p);
    return name.endsWith('.arch') ? [p] : [];
  });
}
const files = ['examples', 'test/fixtures']
  .flatMap((d) => archFiles(path.join(root, d)))
  .filter((f) => parseArch(readFileSync(f, 'utf8')).problems.length === 0)
  .map((f) => path.relative(root, f));

const formatted = (text: string): string => {
  const result = formatArch(text);
  expect(result.problems).toEqual([]);
  return result.text!;
};

/** The model without positions: what the file means. */
function meaning(text: string, file: string): unknown {
  const { ast } = parseArch(text);
  const { model } = buildModel([{ file, ast }]);
  const strip = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(strip);
    if (value && typeof value === 'object') {
      return Object.fromEntries(
        Object.entries(value as Record<string, unknown>)
          .filter(([k]) => !/span$/i.test(k) && k !== 'line' && k !== 'column' && k !== 'offset' && k !== 'raw')
          .map(([k, v]) => [k, strip(v)]),
      );
    }
    return value;
  };
  return strip({ components: model?.components(), edges: model?.edges(), regions: model?.regions() });
}

describe('archlint fmt: the layout', () => {
  it('one statement per line, blocks with their own line breaks, comments where they were', () => {
    const source = [
      '# Shop',
      'architecture   "Shop"',
      '',
      '',
      '',
      'client users   service web{replicas:3 ,  sessions :local}  # kept on its line',
      'database db {',
      '    replicas: 2   ,',
      '  # about the engine',
      '      engine: postgres   # trailing',
      '  }',
      'queue q { durable,',
      '   replicas: 3, dead_letter: dlq }  # on the last line',
      'region eu "Europe" {   # the region',
      'zones: [a,b ,c]',
      'cache c { ttl: 5m,eviction: lru }',
      '',
      '',
      '}',
      'users->web   ->  db{reads,writes}',
      '/* the end */',
    ].join('\n');
    expect(formatted(source)).toBe(
      [
        '# Shop',
        'architecture "Shop"',
        '',
        'client users',
        'service web { replicas: 3, sessions: local } # kept on its line',
        'database db {',
        '  replicas: 2',
        '  # about the engine',
        '  engine: postgres # trailing',
        '}',
        'queue q { durable',
        '  replicas: 3, dead_letter: dlq } # on the last line',
        'region eu "Europe" { # the region',
        '  zones: [a, b, c]',
        '  cache c { ttl: 5m, eviction: lru }',
        '}',
        'users -> web -> db { reads, writes }',
        '/* the end */',
        '',
      ].join('\n'),
    );
  });

  it('keeps literals as written, drops a byte-order mark, and turns CRLF into LF', () => {
    const source = '\ufeffservice web "Web \\"front\\"" { capacity: 1.5k, timeout: 250ms, replicas: 2..8 }\r\nweb -> db\r\ndatabase db\r\n';
    expect(formatted(source)).toBe('service web "Web \\"front\\"" { capacity: 1.5k, timeout: 250ms, replicas: 2..8 }\nweb -> db\ndatabase db\n');
  });

  it('gives back the syntax problems of a file it cannot format', () => {
    const result = formatArch('service web {\n');
    expect(result.text).toBeUndefined();
    expect(result.problems.length).toBeGreaterThan(0);
  });
});

describe('archlint fmt on every example, design and fixture', () => {
  it('has files to work on', () => {
    expect(files.length).toBeGreaterThan(30);
  });

  it.each(files)('%s: idempotent, the same model, and the marked findings on their moved lines', async (file) => {
    const text = readFileSync(path.join(root, file), 'utf8');
    const once = formatted(text);
    expect(formatted(once)).toBe(once);
    expect(meaning(once, file)).toEqual(meaning(text, file));
    // The examples mark each finding on its line (the fixtures use markers of their own).
    const expected = file.startsWith('examples/') ? markersIn(once) : [];
    if (expected.length > 0) {
      const result = await check({ text: once, file }, { cwd: root });
      const found = result.files.find((f) => f.file === file)!.diagnostics.map((d) => `${d.ruleId}@${d.line}`);
      expect(found.sort()).toEqual(expected);
    }
  });
});

describe('archlint fmt, as a property', () => {
  /** Random small models written with random layout: spaces, line breaks, commas and comments. */
  const name = fc.constantFrom('web', 'db', 'users', 'cache1', 'lb', 'queue-a');
  const space = fc.constantFrom(' ', '  ', '\n', ' \n  ', '\n\n\n');
  const attribute = fc.constantFrom('replicas: 2', 'ttl: 5m', 'public', 'zones: [a, b]', 'capacity: 1k', 'reads', 'engine: postgres');
  const comment = fc.constantFrom('', ' # note', ' // note', ' /* note */');
  const block = fc
    .array(fc.tuple(attribute, space, comment), { maxLength: 3 })
    .map((attrs) => (attrs.length === 0 ? '' : ` {${attrs.map(([a, s, c]) => `${s}${a}${c}\n`).join('')}}`));
  const statement = fc.oneof(
    fc.tuple(fc.constantFrom('service', 'database', 'cache', 'client', 'lb'), name, block).map(([k, n, b]) => `${k} ${n}${b}`),
    fc.tuple(name, name, block).map(([a, b, blk]) => `${a} -> ${b}${blk}`),
  );
  const file = fc.array(fc.tuple(statement, space, comment), { maxLength: 8 }).map((ss) => ss.map(([s, sp, c]) => `${s}${c}${sp}`).join('\n'));

  it('format(format(x)) = format(x), and the model does not change', () => {
    fc.assert(
      fc.property(file, (text) => {
        if (parseArch(text).problems.length > 0) return;
        const once = formatted(text);
        expect(formatted(once)).toBe(once);
        expect(meaning(once, 'x.arch')).toEqual(meaning(text, 'x.arch'));
      }),
      { numRuns: 300 },
    );
  });
});

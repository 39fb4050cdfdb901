// @vitest-environment happy-dom
/**
 * Diagrams against the real Mermaid parser (mermaid.parse needs a DOM: happy-dom), golden files
 * reviewed by eye, and a corpus of hostile labels that must neither break the diagram nor inject
 * anything into it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import mermaid from 'mermaid';
import { beforeAll, describe, expect, it } from 'vitest';
import { builtinRegistry } from '../src/config/registry.js';
import { checkModel } from '../src/engine/pipeline.js';
import { evaluate } from '../src/evaluate/evaluate.js';
import { nodeHost } from '../src/model/load.js';
import { escapeLabel, architectureRemoved, mermaidConfig, renderDiagram, selectComponents } from '../src/render/mermaid.js';
import { root } from './cli-run.js';
import { validModel } from './helpers.js';

beforeAll(() => {
  mermaid.initialize({ startOnLoad: false, ...mermaidConfig(10_000, 5_000_000) });
});

async function parses(text: string): Promise<void> {
  await expect(mermaid.parse(text)).resolves.toBeTruthy();
}

const model = (source: string) => validModel(source, 'm.arch');

const examples = [
  'examples/photo-sharing.arch',
  ...readdirSync(`${root}examples/chapter-1`)
    .filter((f) => f.endsWith('.arch'))
    .sort()
    .map((f) => `examples/chapter-1/${f}`),
  ...['spof', 'stateful-web-tier', 'missing-cdn', 'bad-shard-key'].flatMap((r) => [`examples/${r}/before.arch`, `examples/${r}/after.arch`]),
];

describe('every example', () => {
  it.each(examples)('%s gives diagrams the real parser accepts', async (file) => {
    const result = checkModel(file, { host: nodeHost(root), rules: builtinRegistry.all() });
    expect(result.model).toBeDefined();
    const findings = result.diagnostics;
    await parses(renderDiagram(result.model!, { findings }));
    await parses(renderDiagram(result.model!, { findings, evaluation: evaluate(result.model!), direction: 'TB' }));
  });
});

describe('every finding on the picture', () => {
  // Every example and design, with every rule on: each finding that is not suppressed is drawn
  // where it belongs. A finding about a component is named on that component's node; one about
  // an edge, on that edge's link; one about neither (a budget, the whole system), in the legend
  // with its message; and the legend names every rule id with its severity.
  const designs = readdirSync(`${root}examples/designs`)
    .filter((f) => f.endsWith('.arch'))
    .sort()
    .map((f) => `examples/designs/${f}`);
  it.each([...examples, ...designs])('%s', (file) => {
    const result = checkModel(file, { host: nodeHost(root), rules: builtinRegistry.all() });
    const m = result.model!;
    const text = renderDiagram(m, { findings: result.diagnostics });
    const lines = text.split('\n');
    const ids = new Map(m.components().map((c, i) => [c.name, `n${i}`]));
    const linkLines = lines.filter((l) => /^ {2}n\d+ (-->|-\.->|<-\.->)/.test(l));
    const legend = lines.slice(lines.indexOf('  subgraph legend["Findings (archlint check)"]'));
    const shown = result.diagnostics.filter((d) => !d.suppressed);
    for (const d of shown) {
      const where = `${d.ruleId} at ${d.file}:${d.span.start.line}`;
      const edge = m.edges().find((e) => e.file === d.file && e.span.start.offset === d.span.start.offset);
      if (d.component !== undefined && ids.has(d.component)) {
        const node = lines.find(
          (l) =>
            l.startsWith(`  ${ids.get(d.component!)!}`) || l.startsWith(`    ${ids.get(d.component!)!}`) || l.startsWith(`      ${ids.get(d.component!)!}`),
        );
        expect(node, where).toContain(d.ruleId);
        expect(
          legend.some((l) => l.includes(`["${d.ruleId} · `)),
          where,
        ).toBe(true);
      } else if (edge) {
        // The link of that edge (a link that replicates both ways stands for two edges, and never carries a finding).
        const link = linkLines.find((l) => l.startsWith(`  ${ids.get(edge.from)!} -`) && l.endsWith(` ${ids.get(edge.to)!}`) && l.includes(d.ruleId));
        expect(link, where).toBeDefined();
      } else {
        expect(
          legend.some((l) => l.includes(`⚠ ${d.ruleId}: `)),
          where,
        ).toBe(true);
      }
    }
    if (shown.length === 0) expect(text).not.toContain('subgraph legend');
  });
});

/**
 * Golden files, each reviewed by hand against its example: one node per component in declaration
 * order (region members in their subgraph), the shape and symbol of its kind, its replicas or
 * autoscale range, its findings; one link per hop of each edge, in order, labelled with what it
 * carries, dotted for async, replication and telemetry; and, in single-server.mmd, the error class
 * on web, thumbnailer and photos_db (each a spof) and the warning colour on links 1-3 (the
 * missing-load-balancer, missing-cache and sync-long-task findings of users -> web, web -> photos_db
 * and web -> thumbnailer), each link naming its rule, and the legend naming each rule with its
severity, then the findings about no one component or edge (missing-observability, missing-cdn's
workload check) with their message. Review again by eye when they change; the real Mermaid parser
reads each.
 */
describe('golden diagrams (review by eye when they change)', () => {
  it.each([
    ['examples/photo-sharing.arch', 'photo-sharing.mmd'],
    ['examples/chapter-1/01-single-server.arch', 'single-server.mmd'],
  ])('%s', async (file, golden) => {
    const expected = readFileSync(`${root}test/fixtures/diagrams/${golden}`, 'utf8');
    await parses(expected);
    // As `archlint render` draws it with no configuration: the findings of archlint:recommended.
    const result = checkModel(file, { host: nodeHost(root), rules: builtinRegistry.all().filter((r) => r.meta.recommended !== false) });
    expect(renderDiagram(result.model!, { findings: result.diagnostics })).toBe(expected);
  });
});

describe('the flowchart', () => {
  const m = model(
    'region us "US" { client users\nlb edge { replicas: 2 }\nservice web { replicas: 3, autoscale: 2..9 } }\ndatabase db\nmonitoring ops { logging, metrics }\nusers -> edge -> web\nweb -> db { reads, writes }\nweb -> ops\nqueue q\nweb -> q { async }',
  );
  const text = renderDiagram(m);

  it('draws regions as subgraphs, a shape and symbol per kind, replica counts and edge kinds', () => {
    expect(text).toBe(
      [
        'flowchart LR',
        '  subgraph r0["US"]',
        '    n0(["☺ users<br/>client"])',
        '    n1[["⇄ edge<br/>lb ×2"]]',
        '    n2["⚙ web<br/>service ×2..9"]',
        '  end',
        '  n3[("◧ db<br/>database")]',
        '  n4[\\"◔ ops<br/>monitoring"/]',
        '  n5>"☰ q<br/>queue"]',
        '  n0 --> n1',
        '  n1 --> n2',
        '  n2 -->|"reads, writes"| n3',
        '  n2 -.->|"telemetry"| n4',
        '  n2 -.->|"async"| n5',
        '',
      ].join('\n'),
    );
  });

  it('draws an external dependency as a circle, outside the system, and Mermaid reads it', async () => {
    const text = renderDiagram(model('service checkout { replicas: 2 }\nexternal stripe "Stripe"\ncheckout -> stripe { writes }'));
    expect(text).toContain('  n1(("⇢ Stripe<br/>external stripe"))');
    await parses(text);
  });

  it('draws a gateway as a hexagon, and Mermaid reads it', async () => {
    const text = renderDiagram(model('client u\ngateway gw { replicas: 2, rate_limit: 100 }\nservice api { replicas: 2 }\nu -> gw -> api'));
    expect(text).toContain('  n1{{"⊞ gw<br/>gateway ×2"}}');
    await parses(text);
  });

  it('draws a search index as a rhombus, and Mermaid reads it', async () => {
    const text = renderDiagram(model('service api { replicas: 2 }\nsearch idx "Product search" { replicas: 3 }\napi -> idx { reads }'));
    expect(text).toContain('  n1{"⌕ Product search<br/>search idx ×3"}');
    await parses(text);
  });

  it('draws a function as a double circle with its concurrency range, and Mermaid reads it', async () => {
    const text = renderDiagram(model('client u\nfunction resize "Resizer" { autoscale: 0..50 }\nu -> resize'));
    expect(text).toContain('  n1((("λ Resizer<br/>function resize ×0..50")))');
    await parses(text);
    // Not written, the range is the default concurrency limit.
    expect(renderDiagram(model('function f'))).toContain('  n0((("λ f<br/>function ×0..1000")))');
  });

  it('titles a region with its zones, boxes a host inside its region, and shows standbys and own zones', async () => {
    const source = [
      'region us "US East" {',
      '  zones: [a, b, c]',
      '  service web { replicas: 3, host: vm1 }',
      '  database db { replicas: 1, standby: 1, zones: [a, b] }',
      '  service api { replicas: 2, zones: [a] }',
      '  cache c { host: vm1 }',
      '}',
      'service app { host: vm2 }',
      'external pay',
      'web -> db',
      'api -> pay { optional }',
    ].join('\n');
    const text = renderDiagram(model(source));
    expect(text).toBe(
      [
        'flowchart LR',
        '  subgraph r0["US East · zones a, b, c"]',
        // The host's box stands where its first component is declared, with all of its components.
        '    subgraph h0["▣ host vm1"]',
        '      n0["⚙ web<br/>service ×3"]',
        '      n3[("⚡ c<br/>cache")]',
        '    end',
        '    n1[("◧ db<br/>database ×1 +1 standby · zones a, b")]',
        '    n2["⚙ api<br/>service ×2 · zone a"]',
        '  end',
        '  subgraph h1["▣ host vm2"]',
        '    n4["⚙ app<br/>service"]',
        '  end',
        '  n5(("⇢ pay<br/>external"))',
        '  style h0 fill:#f3f3f3,stroke:#666,stroke-width:1px,stroke-dasharray:5 3,color:#111',
        '  style h1 fill:#f3f3f3,stroke:#666,stroke-width:1px,stroke-dasharray:5 3,color:#111',
        '  n0 --> n1',
        '  n2 -->|"optional"| n5',
        '',
      ].join('\n'),
    );
    await parses(text);
  });

  it('marks findings on components and edges, named, with a legend of the rules and their severities', async () => {
    // The findings of archlint:recommended, as `archlint render` marks them with no configuration.
    const result = checkModel('m.arch', {
      rules: builtinRegistry.all().filter((r) => r.meta.recommended !== false),
      host: { cwd: '/', readFile: () => 'client users\nservice web\nusers -> web\n' },
    });
    const marked = renderDiagram(result.model!, { findings: result.diagnostics });
    expect(marked).toContain('n1["⚙ web<br/>service<br/>⚠ spof"]');
    expect(marked).toContain('  class n1 error');
    expect(marked).toContain('  classDef error fill:#fde2e1');
    // The legend names each rule with its severity, the worst first.
    expect(marked).toContain('    legend0["spof · error"]:::error');
    expect(marked).toContain('    legend1["missing-load-balancer · warning"]:::warning');
    // missing-load-balancer is about the edge: named on it, and the edge coloured.
    expect(marked).toContain('  n0 -->|"⚠ missing-load-balancer"| n1');
    expect(marked).toContain('  linkStyle 0 stroke:#b26a00,stroke-width:3px');
    await parses(marked);
  });

  it('draws where sessions are kept, as a dashed link after the model’s own, and a store’s shards', async () => {
    const m = model(
      'client u\nservice web { replicas: 2, sessions: s }\ncache s { replicas: 2 }\ndatabase db { replicas: 3, shards: 48 }\nu -> web\nweb -> db',
    );
    const text = renderDiagram(m);
    const links = text.split('\n').filter((l) => /^ {2}n\d+ (-->|-\.->)/.test(l));
    // Link 0 and 1 are the model's edges; the sessions link comes third.
    expect(links).toEqual(['  n0 --> n1', '  n1 --> n3', '  n1 -.->|"sessions"| n2']);
    expect(text).toContain('n3[("◧ db<br/>database ×3 · 48 shards")]');
    await parses(text);
  });

  describe('a focused picture', () => {
    // users -> edge -> web -> db, web -> q (async) -> worker, every tier sending telemetry to ops;
    // region eu holds edge and web.
    const busy = model(
      'client users\nregion eu { lb edge { replicas: 2 }\nservice web { replicas: 2 } }\ndatabase db\nqueue q { durable }\nworker worker { replicas: 2 }\nmonitoring ops { logging, metrics }\nusers -> edge -> web -> db\nweb -> q { async }\nq -> worker\nweb -> ops\nworker -> ops',
    );
    const links = (text: string) => text.split('\n').filter((l) => /^ {2}n\d+ (-->|-\.->)/.test(l));

    it('selects what is within the hops of a component, either way, or a region', () => {
      expect([...selectComponents(busy, { focus: 'web', hops: 1 })].sort()).toEqual(['db', 'edge', 'ops', 'q', 'web']);
      expect([...selectComponents(busy, { focus: 'db', hops: 2 })].sort()).toEqual(['edge', 'ops', 'q', 'web', 'db'].sort());
      expect([...selectComponents(busy, { region: 'eu' })].sort()).toEqual(['edge', 'web']);
      expect([...selectComponents(busy, { region: 'eu', focus: 'db', hops: 1 })]).toEqual(['web']);
    });

    it('draws only those, the links between them, and renumbers the links it colours', async () => {
      const text = renderDiagram(busy, { only: selectComponents(busy, { focus: 'web', hops: 1 }) });
      // users -> edge and q -> worker and worker -> ops have an end left out.
      expect(links(text)).toEqual(['  n1 --> n2', '  n2 --> n3', '  n2 -.->|"async"| n4', '  n2 -.->|"telemetry"| n6']);
      expect(text).not.toMatch(/n0|n5/);
      await parses(text);
    });

    it('leaves out the classes of links asked', async () => {
      const text = renderDiagram(busy, { hide: ['telemetry', 'async'] });
      expect(links(text)).toEqual(['  n0 --> n1', '  n1 --> n2', '  n2 --> n3', '  n4 --> n5']);
      await parses(text);
    });
  });

  it("shows the evaluator's utilisation and p99 per tier on request", async () => {
    const e = model('workload { rps: 50, read_ratio: 100% }\nclient users\nservice web { capacity: 100, latency: 10ms }\nusers -> web');
    const withEval = renderDiagram(e, { evaluation: evaluate(e) });
    expect(withEval).toContain('n1["⚙ web<br/>service<br/>ρ 50#37; · p99 92 ms"]'); // % is written as its entity code
    await parses(withEval);
  });

  it('handles names that are Mermaid keywords or start with o or x next to an edge', async () => {
    const names = [
      'end',
      'graph',
      'subgraph',
      'class',
      'classDef',
      'click',
      'style',
      'linkStyle',
      'flowchart',
      'direction',
      'o',
      'x',
      'ox',
      'xo',
      'o-x',
      'default',
      'call',
      'href',
    ];
    const src = `client users\n${names.map((n) => `service ${n}`).join('\n')}\n${names.map((n) => `users -> ${n}`).join('\n')}`;
    const text = renderDiagram(model(src));
    await parses(text);
    for (const n of names) expect(text).toContain(`⚙ ${n}<br/>service`);
  });

  it('keeps non-ASCII labels', async () => {
    const text = renderDiagram(
      model(
        'client 사용자 "사용자 (모바일)"\nservice web "Web — ünïcødé ✓ 🚀"\n사용자 -> web'
          .replace('client 사용자', 'client users')
          .replace('사용자 -> web', 'users -> web'),
      ),
    );
    expect(text).toContain('사용자 #40;모바일#41;');
    expect(text).toContain('Web — ünïcødé ✓ 🚀');
    await parses(text);
  });
});

/** Labels meant to break out of a label or smuggle in directives, callbacks, HTML or script. */
const hostile = [
  '"]; click n0 call alert(1); %%',
  '%%{init: {"securityLevel": "loose", "theme": "dark"}}%%',
  '"]\nclick n0 href "javascript:alert(1)"\n["',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<a href="javascript:alert(1)">x</a>',
  'end',
  'x --> y',
  '`**markdown**`',
  '#quot;#lt;script#gt;',
  '&lt;b&gt;bold&lt;/b&gt;',
  '|"edge"|',
  '{{hexagon}}',
  '((circle))',
  '[(cylinder)]',
  ':::error',
  'a;b;c',
  '\\\\" trailing backslash \\\\',
  'right-to-left \u202e override',
  'zero\u200bwidth',
  'tab\tand\nnewline',
  '🚀 emoji 사용자 ünïcødé',
  'style n0 fill:#f00',
  'classDef x fill:red',
  '%% comment',
  '}}%%',
  // Empty and blank: Mermaid refuses `-->|""|` and `subgraph r0[""]`, so the name stands in.
  '',
  '   ',
  ' \t ',
];

describe('layouts and diagram kinds', () => {
  it('names ELK in the text, which the real parser accepts, and leaves dagre to be the default', async () => {
    const m = model('client u\nlb edge { replicas: 2 }\nservice web { replicas: 2 }\nu -> edge -> web');
    const elk = renderDiagram(m, { layout: 'elk', direction: 'TB' });
    expect(elk.split('\n').slice(0, 5)).toEqual(['---', 'config:', '  layout: elk', '---', 'flowchart TB']);
    await parses(elk);
    expect(renderDiagram(m, { layout: 'dagre' })).toBe(renderDiagram(m));
    expect(renderDiagram(m).startsWith('flowchart LR\n')).toBe(true);
  });

  it('draws replication both ways between two stores as one link with two heads, unless a finding is on one of them', async () => {
    const source = [
      'region a { database da { replicas: 3, replication: multi-primary } }',
      'region b { database db { replicas: 3, replication: multi-primary } }',
      'da -> db { replication: async }',
      'db -> da { replication: async }',
    ].join('\n');
    const text = renderDiagram(model(source));
    expect(text.split('\n').filter((l) => /^ {2}n\d+ /.test(l))).toEqual(['  n0 <-.->|"replication async, both ways"| n1']);
    await parses(text);
    // A finding on the way back keeps the two links apart, the second one coloured (link 1).
    const m = model(source);
    const back = m.edges()[1]!;
    const finding = { ruleId: 'some-rule', severity: 'warning' as const, message: 'x', file: back.file, span: back.span };
    const marked = renderDiagram(m, { findings: [finding] });
    expect(marked.split('\n').filter((l) => /^ {2}n\d+ /.test(l))).toEqual([
      '  n0 -.->|"replication async"| n1',
      '  n1 -.->|"replication async, ⚠ some-rule"| n0',
    ]);
    expect(marked).toContain('  linkStyle 1 stroke:#b26a00,stroke-width:3px');
    await parses(marked);
  });

  it('refuses the architecture diagram it no longer draws, saying why', () => {
    const m = model('service web { replicas: 2 }');
    expect(() => renderDiagram(m, { diagram: 'architecture' } as never)).toThrow(architectureRemoved);
    expect(architectureRemoved).toContain('mermaid #6322');
  });
});

describe('hostile labels', () => {
  const source = (label: string) => {
    const quoted = label.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n').replace(/\t/g, ' ');
    return `architecture "${quoted}"\nregion r "${quoted}" { client users "${quoted}" }\nservice web "${quoted}"\ndatabase db "${quoted}"\nusers -> web { label: "${quoted}" }\nweb -> db`;
  };

  it.each(hostile)('%j is harmless in a flowchart', async (label) => {
    const text = renderDiagram(model(source(label)));
    await parses(text);
    // Nothing but our own structure: every line is one we write.
    for (const line of text.split('\n').filter(Boolean)) {
      expect(line).toMatch(
        /^(flowchart (LR|TB)| {2}subgraph r\d+\["[^"]*"\]| {2}end|\s+n\d+(\(\[|\{\{|\[\/|\[\[|\[|\(|\[\(|>|\[\\)"[^"]*"(\]\)|\}\}|\/\]|\]\]|\]|\)|\)\]|\\\]|\/\])| {2}n\d+ (-->|-\.->)(\|"[^"|]*"\|)? n\d+)$/,
      );
    }
    // Inside the quotes it is inert text: no directive opener and no markup but our own line breaks.
    expect(text).not.toContain('%%');
    for (const [, label] of text.matchAll(/"([^"]*)"/g)) expect(label!.replace(/<br\/>/g, '')).not.toMatch(/[<>]/);
  });

  it('escapes every character that could end or change a label', () => {
    expect(escapeLabel('a"b#c<d>e`f\\g|h[i]j{k}l(m)n%o;p&q')).toBe('a#34;b#35;c#60;d#62;e#96;f#92;g#124;h#91;i#93;j#123;k#125;l#40;m#41;n#37;o#59;p#38;q');
    expect(escapeLabel('line\nbreak\u202e')).toBe('line break ');
  });
});

describe('large models', () => {
  it("raises Mermaid's edge and text limits with the model", () => {
    expect(mermaidConfig(100, 1000)).toMatchObject({ maxEdges: 500, maxTextSize: 50_000, securityLevel: 'strict' });
    expect(mermaidConfig(20_000, 3_000_000)).toMatchObject({ maxEdges: 24_100, maxTextSize: 6_000_000 });
  });
});

/** The generated benchmark models (generate.ts) as text: the .arch file, and its JSON equivalent for the floor measurement. */

/** An attribute value as written in .arch and as stored in the JSON equivalent. */
export interface Value {
  /** `undefined` for a bare flag. */
  arch: string | undefined;
  json: unknown;
}

export const v = {
  int: (n: number): Value => ({ arch: String(n), json: n }),
  count: (n: number): Value => ({ arch: n >= 1000 && n % 1000 === 0 ? `${n / 1000}k` : String(n), json: n }),
  percent: (p: number): Value => ({ arch: `${p}%`, json: p / 100 }),
  duration: (text: string, ms: number): Value => ({ arch: text, json: ms }),
  word: (w: string): Value => ({ arch: w, json: w }),
  flag: (): Value => ({ arch: undefined, json: true }),
  range: (min: number, max: number): Value => ({ arch: `${min}..${max}`, json: { min, max } }),
  string: (s: string): Value => ({ arch: JSON.stringify(s), json: s }),
};

export type Attrs = [string, Value][];

export interface GenComponent {
  kind: string;
  name: string;
  label?: string;
  region?: string;
  attrs: Attrs;
  /** Comment lines written above the declaration. */
  before?: string[];
  /** A comment at the end of the declaration's line. */
  trailing?: string;
}

export interface GenEdge {
  /** Two or more ends: a chain `a -> b -> c`. */
  ends: string[];
  attrs: Attrs;
  trailing?: string;
}

export interface GenRegion {
  name: string;
  label: string;
  components: GenComponent[];
  edges: GenEdge[];
}

export function attrsText(attrs: Attrs): string {
  return attrs.map(([name, value]) => (value.arch === undefined ? name : `${name}: ${value.arch}`)).join(', ');
}

export function componentLine(c: GenComponent, indent: string): string[] {
  const lines = (c.before ?? []).map((l) => (l === '' ? '' : `${indent}${l}`));
  let line = `${indent}${c.kind} ${c.name}`;
  if (c.label !== undefined) line += ` ${JSON.stringify(c.label)}`;
  line += c.attrs.length > 0 ? ` { ${attrsText(c.attrs)} }` : ' { }';
  if (c.trailing) line += `  # ${c.trailing}`;
  lines.push(line);
  return lines;
}

export function edgeLine(e: GenEdge, indent: string): string {
  let line = `${indent}${e.ends.join(' -> ')}`;
  if (e.attrs.length > 0) line += ` { ${attrsText(e.attrs)} }`;
  if (e.trailing) line += `  // ${e.trailing}`;
  return line;
}

export function render(n: number, globals: GenComponent[], regions: GenRegion[], topEdges: GenEdge[]): string {
  const out: string[] = [
    '/*',
    ` * Generated benchmark model: ${n} components in ${regions.length} region${regions.length === 1 ? '' : 's'}.`,
    ' * Deterministic (bench/generate.ts); do not edit.',
    ' */',
    `architecture "Benchmark model, ${n} components"`,
    '',
    'workload {',
    '  rps: 2M                  # peak requests per second, all clients together',
    '  read_ratio: 90%',
    '  static_ratio: 60%',
    '  dau: 500M',
    '}',
    '',
    'budget {',
    '  read_p99: 200ms',
    '  write_p99: 400ms',
    '  static_p99: 150ms',
    '  availability: 99.95%',
    '}',
    '',
    '# global provider services',
  ];
  for (const c of globals) out.push(...componentLine(c, ''));
  for (const r of regions) {
    out.push('', `region ${r.name} ${JSON.stringify(r.label)} {`);
    for (const c of r.components) out.push(...componentLine(c, '  '));
    out.push('', '  # request flows');
    for (const e of r.edges) out.push(edgeLine(e, '  '));
    out.push('}');
  }
  out.push('', '# global edges: DNS, static assets, cross-region replication');
  for (const e of topEdges) out.push(edgeLine(e, ''));
  return `${out.join('\n')}\n`;
}

export function toJson(components: GenComponent[], edges: GenEdge[]): string {
  const flagNames = new Set(['reads', 'writes', 'static', 'async']);
  const out = {
    components: components.map((c) => ({
      kind: c.kind,
      name: c.name,
      ...(c.label !== undefined ? { label: c.label } : {}),
      ...(c.region !== undefined ? { region: c.region } : {}),
      attributes: Object.fromEntries(c.attrs.map(([k, val]) => [k, val.json])),
    })),
    edges: edges.flatMap((e) => {
      const flags = e.attrs.filter(([k]) => flagNames.has(k)).map(([k]) => k);
      const rest = Object.fromEntries(e.attrs.filter(([k]) => !flagNames.has(k)).map(([k, val]) => [k, val.json]));
      const hops = [];
      for (let i = 0; i + 1 < e.ends.length; i++)
        hops.push({ from: e.ends[i]!, to: e.ends[i + 1]!, flags, ...(Object.keys(rest).length > 0 ? { attributes: rest } : {}) });
      return hops;
    }),
  };
  return `${JSON.stringify(out)}\n`;
}

/**
 * The pathological shape for the spof rule: `client -> s1 -> s2 -> … -> s(n-1)`, one statement,
 * every service single-instance, so every service dominates the rest of the chain.
 */

/**
 * The cursor context of completion (src/lsp/context.ts), read from the parser's content assist,
 * at the end of each text: every expected context and word start (a UTF-16 offset) was worked out
 * by hand from the grammar (grammar/parser.ts) and the rules documented in context.ts.
 */
import { describe, expect, it } from 'vitest';
import { parseArch, ruleNames } from '../grammar/index.js';
import { parser } from '../grammar/parser.js';
import { cursorContext, type Completion } from '../src/lsp/context.js';

/** The completion context with the cursor at the end of `text`. */
const at = (text: string): Completion => cursorContext(parseArch(text).ast, text, text.length);
const context = (text: string) => at(text).context;

describe('cursor context', () => {
  it('names every rule of the parser, as content assist reports them', () => {
    expect([...ruleNames].sort()).toEqual(Object.keys(parser.getGAstProductions()).sort());
  });

  it('is a statement start at the top level, in a region, and after a closed region', () => {
    expect(at('')).toEqual({ context: { type: 'statement', inRegion: false }, wordStart: 0 });
    expect(context('region eu {\n  ')).toEqual({ type: 'statement', inRegion: true });
    // Read from `service a`, inside the region the syntax tree says it is in.
    expect(context('region eu {\n  service a\n  ')).toEqual({ type: 'statement', inRegion: true });
    expect(context('region eu { service a }\n')).toEqual({ type: 'statement', inRegion: false });
    expect(context('region eu {\n  service a\n}\nregion us {\n  ')).toEqual({ type: 'statement', inRegion: true });
  });

  it('starts a statement after one that could go on only on a new line', () => {
    expect(context('service web ')).toEqual({ type: 'none' });
    expect(context('service web\n')).toEqual({ type: 'statement', inRegion: false });
    // Nothing can follow these but a new statement.
    expect(context('architecture "T" ')).toEqual({ type: 'statement', inRegion: false });
    expect(context('region eu "Europe" {\n  lb f\n}\n')).toEqual({ type: 'statement', inRegion: false });
  });

  it('offers edge targets right after an arrow, from the end before it', () => {
    expect(at('users -> ')).toEqual({ context: { type: 'edge-target', from: 'users' }, wordStart: 9 });
    expect(context('a -> b -> ')).toEqual({ type: 'edge-target', from: 'b' });
    expect(context('a -> b\n  c -> ')).toEqual({ type: 'edge-target', from: 'c' });
  });

  it('knows whose attribute block it is in and what is written there', () => {
    expect(context('cache c { ttl: 1m, ')).toEqual({ type: 'attribute', owner: { type: 'component', kind: 'cache' }, written: ['ttl'] });
    expect(context('service web "Web" { ')).toEqual({ type: 'attribute', owner: { type: 'component', kind: 'service' }, written: [] });
    expect(context('a -> b { reads, ')).toEqual({ type: 'attribute', owner: { type: 'edge' }, written: ['reads'] });
    expect(context('workload { rps: 1k\n  ')).toEqual({ type: 'attribute', owner: { type: 'settings', block: 'workload' }, written: ['rps'] });
    // A list's items are values, not attributes.
    expect(context('service a {\n  replicas: 2,\n  sessions: [x, y],\n  ')).toEqual({
      type: 'attribute',
      owner: { type: 'component', kind: 'service' },
      written: ['replicas', 'sessions'],
    });
  });

  it('offers a new attribute only after a separator or on a new line', () => {
    expect(context('lb f { sticky ')).toEqual({ type: 'none' });
    expect(context('lb f { sticky\n  ')).toEqual({ type: 'attribute', owner: { type: 'component', kind: 'lb' }, written: ['sticky'] });
  });

  it('completes the word being typed as a whole, and nothing in a number', () => {
    expect(at('service api {\n  rep')).toEqual({ context: { type: 'attribute', owner: { type: 'component', kind: 'service' }, written: [] }, wordStart: 16 });
    expect(at('service a { replicas: 2')).toEqual({ context: { type: 'none' }, wordStart: 23 });
  });

  it("offers an attribute's values right after its colon, not in a list or a range", () => {
    expect(context('db -> store { replication: ')).toEqual({ type: 'value', owner: { type: 'edge' }, attribute: 'replication' });
    expect(context('service a { x: [')).toEqual({ type: 'none' });
    expect(context('service a { autoscale: 2..')).toEqual({ type: 'none' });
  });

  it('offers nothing in the header of a region, which is no component of kind `region`', () => {
    expect(context('region eu\n')).toEqual({ type: 'none' });
    expect(context('region eu "x" ')).toEqual({ type: 'none' });
  });

  it('reads on past what the grammar cannot take', () => {
    // A stray `}` at the top level is skipped.
    expect(context('service web\n}\n')).toEqual({ type: 'statement', inRegion: false });
    // A `}` where a value should be ends the block and its statement.
    expect(context('service web { replicas: }\ncache c {\n  ')).toEqual({ type: 'attribute', owner: { type: 'component', kind: 'cache' }, written: [] });
    // In a block, a token it cannot take is skipped and the block goes on.
    expect(context('dns d { routing: 42 42, ')).toEqual({ type: 'attribute', owner: { type: 'component', kind: 'dns' }, written: ['routing'] });
    expect(context('region eu {\n  lb f { replicas: 2 }\n  service a { x: 1 2 3\n  ')).toEqual({
      type: 'attribute',
      owner: { type: 'component', kind: 'service' },
      written: ['x'],
    });
    // Elsewhere the statement ends there, and the reading stays in the region.
    expect(context('region eu {\n  service a "x" "y"\n  ')).toEqual({ type: 'statement', inRegion: true });
    // A region's property (`zones: [a, b]`) takes a list of names of one's own: nothing to offer.
    expect(context('region eu {\n  share: ')).toEqual({ type: 'none' });
    // A brace the grammar cannot take (a kind without a name) holds nothing to offer.
    expect(context('dns {\n  ')).toEqual({ type: 'none' });
  });

  it('reads suppression comments from their text', () => {
    expect(at('# archlint-disable-next-line spof, sp')).toEqual({ context: { type: 'suppression', listed: ['spof'] }, wordStart: 35 });
    expect(at('# arch')).toEqual({ context: { type: 'directive' }, wordStart: 2 });
  });
});

/**
 * CST → AST. Decodes strings and numbers, computes spans, and reports the small syntax problems
 * the grammar itself leaves open (bad escapes, unknown units, missing separators on one line).
 * Tolerates the partial nodes Chevrotain's error recovery produces.
 */
import type { CstNode, IToken } from './chevrotain.js';
import type {
  Attribute,
  AttributeBlock,
  Comment,
  EdgeEnd,
  FileAst,
  NumberValue,
  Position,
  Span,
  Statement,
  SyntaxProblem,
  Value,
} from './ast.js';
import type {
  AttributeBlockCstNode,
  AttributeCstNode,
  ComponentStatementCstNode,
  EdgeStatementCstNode,
  FileCstNode,
  ListCstNode,
  RegionStatementCstNode,
  SettingsBlockCstNode,
  StatementCstNode,
  ValueCstNode,
} from './cst.generated.js';
import { unitAliases, units } from './units.js';

export function isRealToken(token: IToken | undefined): token is IToken {
  return token !== undefined && !Number.isNaN(token.startOffset) && token.tokenType.name !== 'EOF';
}

export function startOf(token: IToken): Position {
  return { line: token.startLine ?? 1, column: token.startColumn ?? 1, offset: token.startOffset };
}

/** The position just after the token (exclusive end). */
export function endOf(token: IToken): Position {
  return {
    line: token.endLine ?? token.startLine ?? 1,
    column: (token.endColumn ?? token.startColumn ?? 0) + 1,
    offset: (token.endOffset ?? token.startOffset) + 1,
  };
}

export function tokenSpan(first: IToken, last: IToken = first): Span {
  return { start: startOf(first), end: endOf(last) };
}

export function joinSpans(a: Span, b: Span): Span {
  return { start: a.start, end: b.end };
}

/** All real tokens below a CST node, in source order. */
function tokensOf(node: CstNode, out: IToken[] = []): IToken[] {
  for (const children of Object.values(node.children)) {
    for (const child of children) {
      if ('tokenType' in child) {
        if (isRealToken(child)) out.push(child);
      } else {
        tokensOf(child, out);
      }
    }
  }
  return out;
}

function nodeSpan(node: CstNode): Span | undefined {
  const tokens = tokensOf(node);
  if (tokens.length === 0) return undefined;
  let first = tokens[0]!;
  let last = tokens[0]!;
  for (const t of tokens) {
    if (t.startOffset < first.startOffset) first = t;
    if (t.startOffset > last.startOffset) last = t;
  }
  return tokenSpan(first, last);
}

export class AstBuilder {
  readonly problems: SyntaxProblem[] = [];

  /** @param errorOffsets where lexing and parsing errors are: no separator complaint spans one. */
  constructor(private readonly errorOffsets: readonly number[] = []) {}

  private errorBetween(start: number, end: number): boolean {
    return this.errorOffsets.some((o) => o >= start && o < end);
  }

  private problem(message: string, span: Span): void {
    this.problems.push({ message, span });
  }

  file(cst: FileCstNode, comments: IToken[], text: string): FileAst {
    const statements = this.statements(cst.children.statement ?? []);
    const end = endOfText(text);
    return {
      statements,
      comments: comments.map((t) => this.comment(t)),
      span: { start: { line: 1, column: 1, offset: 0 }, end },
    };
  }

  private comment(token: IToken): Comment {
    const image = token.image;
    const markerLength = image.startsWith('#') ? 1 : 2;
    const text = image.startsWith('/*') ? image.slice(2, -2) : image.slice(markerLength);
    return { text, markerLength, span: tokenSpan(token) };
  }

  private statements(nodes: StatementCstNode[]): Statement[] {
    const out: Statement[] = [];
    for (const node of nodes) {
      const statement = this.statement(node);
      if (statement) out.push(statement);
    }
    return out;
  }

  private statement(node: StatementCstNode): Statement | undefined {
    const c = node.children;
    const span = nodeSpan(node);
    if (!span) return undefined;
    if (c.titleStatement) {
      const s = c.titleStatement[0]!.children;
      const str = s.StringLiteral?.[0];
      if (!isRealToken(str)) return undefined;
      return { type: 'title', title: this.string(str), span };
    }
    if (c.importStatement) {
      const s = c.importStatement[0]!.children;
      const str = s.StringLiteral?.[0];
      if (!isRealToken(str)) return undefined;
      return { type: 'import', path: this.string(str), pathSpan: tokenSpan(str), span };
    }
    if (c.settingsBlock) return this.settings(c.settingsBlock[0]!, span);
    if (c.regionStatement) return this.region(c.regionStatement[0]!, span);
    if (c.edgeStatement) return this.edge(c.edgeStatement[0]!, span);
    if (c.componentStatement) return this.component(c.componentStatement[0]!, span);
    return undefined;
  }

  private settings(node: SettingsBlockCstNode, span: Span): Statement | undefined {
    const c = node.children;
    const keyword = c.Workload?.[0] ?? c.Budget?.[0] ?? c.Latency?.[0];
    const block = c.attributeBlock?.[0];
    if (!isRealToken(keyword) || !block) return undefined;
    const attributes = this.attributeBlock(block);
    if (!attributes) return undefined;
    return {
      type: 'settings',
      block: keyword.image as 'workload' | 'budget' | 'latency',
      keywordSpan: tokenSpan(keyword),
      attributes,
      span,
    };
  }

  private region(node: RegionStatementCstNode, span: Span): Statement | undefined {
    const c = node.children;
    const name = c.Name?.[0];
    if (!isRealToken(name)) return undefined;
    const labelToken = c.StringLiteral?.[0];
    return {
      type: 'region',
      name: name.image,
      nameSpan: tokenSpan(name),
      ...(isRealToken(labelToken) ? { label: this.string(labelToken) } : {}),
      body: this.statements(c.statement ?? []),
      span,
    };
  }

  private component(node: ComponentStatementCstNode, span: Span): Statement | undefined {
    const c = node.children;
    const kind = c.kind?.[0];
    const name = c.name?.[0];
    if (!isRealToken(kind) || !isRealToken(name)) return undefined;
    const labelToken = c.StringLiteral?.[0];
    const block = c.attributeBlock?.[0];
    const attributes = block ? this.attributeBlock(block) : undefined;
    return {
      type: 'component',
      kind: kind.image,
      kindSpan: tokenSpan(kind),
      name: name.image,
      nameSpan: tokenSpan(name),
      ...(isRealToken(labelToken) ? { label: this.string(labelToken) } : {}),
      ...(attributes ? { attributes } : {}),
      span,
    };
  }

  private edge(node: EdgeStatementCstNode, span: Span): Statement | undefined {
    const c = node.children;
    const ends: EdgeEnd[] = (c.Name ?? [])
      .filter(isRealToken)
      .sort((a, b) => a.startOffset - b.startOffset)
      .map((t) => ({ name: t.image, span: tokenSpan(t) }));
    if (ends.length < 2) return undefined;
    const block = c.attributeBlock?.[0];
    const attributes = block ? this.attributeBlock(block) : undefined;
    return { type: 'edge', ends, ...(attributes ? { attributes } : {}), span };
  }

  private attributeBlock(node: AttributeBlockCstNode): AttributeBlock | undefined {
    const span = nodeSpan(node);
    if (!span) return undefined;
    const c = node.children;
    const attributes: Attribute[] = [];
    for (const a of c.attribute ?? []) {
      const attribute = this.attribute(a);
      if (attribute) attributes.push(attribute);
    }
    attributes.sort((a, b) => a.span.start.offset - b.span.start.offset);
    const separators = [...(c.Comma ?? []), ...(c.Semicolon ?? [])]
      .filter(isRealToken)
      .map((t) => t.startOffset)
      .sort((a, b) => a - b);
    // Attributes on one line need a separator between them; a line break is one.
    let s = 0;
    for (let i = 1; i < attributes.length; i++) {
      const prev = attributes[i - 1]!;
      const cur = attributes[i]!;
      while (s < separators.length && separators[s]! < prev.span.end.offset) s++;
      const separated = s < separators.length && separators[s]! < cur.span.start.offset;
      if (!separated && prev.span.end.line === cur.span.start.line && !this.errorBetween(prev.span.end.offset, cur.span.start.offset)) {
        this.problem(
          `put a comma, a semicolon or a line break between \`${prev.name}\` and \`${cur.name}\``,
          cur.nameSpan,
        );
      }
    }
    return { attributes, span };
  }

  private attribute(node: AttributeCstNode): Attribute | undefined {
    const c = node.children;
    const name = c.Name?.[0];
    if (!isRealToken(name)) return undefined;
    const nameSpan = tokenSpan(name);
    if (c.Colon && !c.value) return undefined;
    const value: Value | undefined = c.value ? this.value(c.value[0]!) : { type: 'flag', span: nameSpan };
    if (!value) return undefined;
    return { name: name.image, nameSpan, value, span: joinSpans(nameSpan, value.span) };
  }

  private value(node: ValueCstNode): Value | undefined {
    const c = node.children;
    const str = c.StringLiteral?.[0];
    if (isRealToken(str)) return { type: 'string', value: this.string(str), span: tokenSpan(str) };
    const nums = (c.NumberLiteral ?? []).filter(isRealToken);
    if (nums.length === 2) {
      const low = this.number(nums[0]!);
      const high = this.number(nums[1]!);
      return { type: 'range', low, high, span: joinSpans(low.span, high.span) };
    }
    if (nums.length === 1) {
      if (c.DotDot) return undefined; // `2..` with the upper bound missing: already a parse error
      return this.number(nums[0]!);
    }
    const word = c.Name?.[0];
    if (isRealToken(word)) return { type: 'word', value: word.image, span: tokenSpan(word) };
    if (c.list) return this.list(c.list[0]!);
    return undefined;
  }

  private list(node: ListCstNode): Value | undefined {
    const span = nodeSpan(node);
    if (!span) return undefined;
    const items: Value[] = [];
    for (const v of node.children.value ?? []) {
      const item = this.value(v);
      if (item) items.push(item);
    }
    items.sort((a, b) => a.span.start.offset - b.span.start.offset);
    return { type: 'list', items, span };
  }

  /** Decodes `\"`, `\\` and `\n`; any other escape is reported. */
  private string(token: IToken): string {
    const body = token.image.slice(1, -1);
    if (!body.includes('\\')) return body;
    let out = '';
    for (let i = 0; i < body.length; i++) {
      const ch = body[i]!;
      if (ch !== '\\') {
        out += ch;
        continue;
      }
      const next = body[++i];
      if (next === '"' || next === '\\') out += next;
      else if (next === 'n') out += '\n';
      else {
        const at = token.startOffset + 1 + i - 1;
        const column = (token.startColumn ?? 1) + 1 + i - 1;
        const line = token.startLine ?? 1;
        this.problem(
          `unknown escape \`\\${next ?? ''}\` in a string: the escapes are \`\\"\`, \`\\\\\` and \`\\n\``,
          {
            start: { line, column, offset: at },
            end: { line, column: column + 2, offset: at + 2 },
          },
        );
        out += next ?? '';
      }
    }
    return out;
  }

  private number(token: IToken): NumberValue {
    const raw = token.image;
    const match = /^(-?\d+(?:\.\d+)?)(.*)$/s.exec(raw)!;
    const magnitude = Number(match[1]);
    const unit = match[2]!;
    const span = tokenSpan(token);
    if (unit === '') return { type: 'number', value: magnitude, quantity: 'plain', unit, raw, span };
    const info = units.get(unit);
    if (info) {
      return { type: 'number', value: magnitude * info.factor, quantity: info.quantity, unit, raw, span };
    }
    const meant = unitAliases.get(unit) ?? [...units.keys()].find((u) => u.toLowerCase() === unit.toLowerCase());
    const hint = meant ? `; did you mean \`${match[1]}${meant}\`?` : ': units are k, M, B (counts), %, ns, us (or µs), ms, s, m, h, d (durations) and KB, MB, GB, TB (sizes)';
    this.problem(`unknown unit \`${unit}\` in \`${raw}\`${hint}`, span);
    return { type: 'number', value: magnitude, quantity: 'plain', unit, raw, span };
  }
}

export function endOfText(text: string): Position {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, column: text.length - lineStart + 1, offset: text.length };
}

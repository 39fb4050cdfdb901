/**
 * The .arch grammar as a Chevrotain CST parser with error recovery.
 *
 * Regions contain the same `statement` rule as the top level; what may stand inside a region is a
 * meaning check (src/model), so that `region a { region b { } }` gets a clear "regions do not nest"
 * rather than a bare syntax error.
 */
import { CstParser, type IParserErrorMessageProvider, type IToken, type TokenType } from './chevrotain.js';
import {
  allTokens,
  Architecture,
  Arrow,
  Budget,
  Colon,
  Comma,
  DotDot,
  Import,
  LBracket,
  LCurly,
  Latency,
  Name,
  NumberLiteral,
  RBracket,
  RCurly,
  Region,
  Semicolon,
  statementWords,
  StringLiteral,
  Workload,
} from './tokens.js';
import { closest, quoteText } from './suggest.js';

function describeToken(token: IToken): string {
  if (token.tokenType.name === 'EOF') return 'the end of the file';
  return `\`${quoteText(token.image)}\``;
}

/** `; did you mean \`workload\`?` when a misspelt statement word starts a statement. */
function statementHint(token: IToken): string {
  if (token.tokenType.name !== 'Identifier') return '';
  const near = closest(token.image, statementWords);
  return near ? ` (did you mean \`${near}\`?)` : '';
}

function label(tokenType: TokenType): string {
  return tokenType.LABEL ?? tokenType.name;
}

/** What each rule is, in words, for "expected …" messages. */
const ruleDescriptions: Record<string, string> = {
  file: 'a statement',
  statement:
    'a statement: a component (`service web { … }`), an edge (`a -> b`), a region, `import`, `architecture`, or a `workload`, `budget` or `latency` block',
  settingsBlock: 'a `workload`, `budget` or `latency` block',
  attributeBlock: 'an attribute (`name: value` or a bare flag) or `}`',
  attribute: 'an attribute (`name: value` or a bare flag)',
  value: 'a value: a number (`3`, `20k`, `90%`, `30m`), a string, a name, a range (`2..20`) or a list (`[a, b]`)',
  list: 'a list item or `]`',
};

const errorMessages: IParserErrorMessageProvider = {
  buildMismatchTokenMessage({ expected, actual }) {
    return `expected ${label(expected)} but found ${describeToken(actual)}`;
  },
  buildNotAllInputParsedMessage({ firstRedundant }) {
    return `unexpected ${describeToken(firstRedundant)}${statementHint(firstRedundant)}: expected ${ruleDescriptions.statement}`;
  },
  buildNoViableAltMessage({ actual, ruleName }) {
    const what = ruleDescriptions[ruleName] ?? 'something else';
    const hint = ruleName === 'statement' ? statementHint(actual[0]!) : '';
    return `unexpected ${describeToken(actual[0]!)}${hint}: expected ${what}`;
  },
  buildEarlyExitMessage({ actual, ruleName }) {
    const what = ruleDescriptions[ruleName] ?? 'something else';
    return `unexpected ${describeToken(actual[0]!)}: expected ${what}`;
  },
};

export class ArchParser extends CstParser {
  constructor() {
    super(allTokens as TokenType[], {
      recoveryEnabled: true,
      maxLookahead: 3,
      errorMessageProvider: errorMessages,
    });
    this.performSelfAnalysis();
  }

  public file = this.RULE('file', () => {
    this.MANY(() => this.SUBRULE(this.statement));
  });

  public statement = this.RULE('statement', () => {
    this.OR([
      { ALT: () => this.SUBRULE(this.titleStatement) },
      { ALT: () => this.SUBRULE(this.importStatement) },
      { ALT: () => this.SUBRULE(this.settingsBlock) },
      // `region x` could also read as a component of kind `region`; the region statement wins.
      { ALT: () => this.SUBRULE(this.regionStatement), IGNORE_AMBIGUITIES: true },
      { ALT: () => this.SUBRULE(this.edgeStatement) },
      { ALT: () => this.SUBRULE(this.componentStatement) },
    ]);
  });

  /** `architecture "Title"` */
  public titleStatement = this.RULE('titleStatement', () => {
    this.CONSUME(Architecture);
    this.CONSUME(StringLiteral);
  });

  /** `import "path.arch"` */
  public importStatement = this.RULE('importStatement', () => {
    this.CONSUME(Import);
    this.CONSUME(StringLiteral);
  });

  /** `workload { … }`, `budget { … }`, `latency { … }` */
  public settingsBlock = this.RULE('settingsBlock', () => {
    this.OR([
      { ALT: () => this.CONSUME(Workload) },
      { ALT: () => this.CONSUME(Budget) },
      { ALT: () => this.CONSUME(Latency) },
    ]);
    this.SUBRULE(this.attributeBlock);
  });

  /** `region name ["Label"] { statements }` */
  public regionStatement = this.RULE('regionStatement', () => {
    this.CONSUME(Region);
    this.CONSUME(Name);
    this.OPTION(() => this.CONSUME(StringLiteral));
    this.CONSUME(LCurly);
    this.MANY(() => this.SUBRULE(this.statement));
    this.CONSUME(RCurly);
  });

  /** `KIND name ["Label"] [{ attributes }]` */
  public componentStatement = this.RULE('componentStatement', () => {
    this.CONSUME1(Name, { LABEL: 'kind' });
    this.CONSUME2(Name, { LABEL: 'name' });
    this.OPTION1(() => this.CONSUME(StringLiteral));
    this.OPTION2(() => this.SUBRULE(this.attributeBlock));
  });

  /** `a -> b [-> c …] [{ attributes }]` */
  public edgeStatement = this.RULE('edgeStatement', () => {
    this.CONSUME1(Name);
    this.AT_LEAST_ONE(() => {
      this.CONSUME(Arrow);
      this.CONSUME2(Name);
    });
    this.OPTION(() => this.SUBRULE(this.attributeBlock));
  });

  /** `{ a: 1, b; c \n d: [x, y] }`: separators are optional between attributes on different lines. */
  public attributeBlock = this.RULE('attributeBlock', () => {
    this.CONSUME(LCurly);
    this.MANY(() => {
      this.OR([
        { ALT: () => this.SUBRULE(this.attribute) },
        { ALT: () => this.CONSUME(Comma) },
        { ALT: () => this.CONSUME(Semicolon) },
      ]);
    });
    this.CONSUME(RCurly);
  });

  /** `name: value` or a bare `name` (a flag). */
  public attribute = this.RULE('attribute', () => {
    this.CONSUME(Name);
    this.OPTION(() => {
      this.CONSUME(Colon);
      this.SUBRULE(this.value);
    });
  });

  public value = this.RULE('value', () => {
    this.OR([
      { ALT: () => this.CONSUME(StringLiteral) },
      {
        ALT: () => {
          this.CONSUME1(NumberLiteral);
          this.OPTION(() => {
            this.CONSUME(DotDot);
            this.CONSUME2(NumberLiteral);
          });
        },
      },
      { ALT: () => this.CONSUME(Name) },
      { ALT: () => this.SUBRULE(this.list) },
    ]);
  });

  /** `[a, b, c]`, a trailing comma allowed. */
  public list = this.RULE('list', () => {
    this.CONSUME(LBracket);
    this.OPTION1(() => {
      this.SUBRULE1(this.value);
      this.MANY(() => {
        this.CONSUME1(Comma);
        this.SUBRULE2(this.value);
      });
      this.OPTION2(() => this.CONSUME2(Comma));
    });
    this.CONSUME(RBracket);
  });
}

/** One parser instance, reused: Chevrotain parsers are stateful but resettable through `input`. */
export const parser = new ArchParser();

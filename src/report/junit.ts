/**
 * `--format junit`: JUnit XML, as CI servers read test reports (GitLab's `artifacts:reports:junit`,
 * Jenkins' JUnit plugin, Azure Pipelines), in the spirit of ESLint's junit formatter:
 *
 * - one `<testsuite>` per checked file, named by its path relative to the working directory;
 * - one `<testcase>` per unsuppressed finding, `classname` the file and `name` "rule-id at line:col";
 * - a finding at error or warning severity is a `<failure>` (type = severity), except that the
 *   compiler's own errors (syntax, import, meaning, config: the file could not be checked) are an
 *   `<error>`, which JUnit readers count apart from failures;
 * - an info finding passes and carries its text in `<system-out>`: infos never fail `check`;
 * - a file with no findings gets one passing testcase, `no findings`, so it shows as passed.
 *
 * Text is escaped for XML 1.0 (`& < > " '`; line breaks and tabs in attributes as character
 * references so parsers keep them), and characters XML 1.0 cannot carry at all (controls other
 * than tab and line breaks, lone surrogates, U+FFFE, U+FFFF) are dropped. No timestamps; every
 * `time` is 0.
 */
import { compilerRuleIds, type Diagnostic } from '../diagnostics.js';
import { reportPath } from './fingerprint.js';
import type { Reporter } from './types.js';
import { pushAll } from '../arrays.js';

/** Everything outside XML 1.0's `Char` production. */
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const escapes: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
  '\n': '&#10;',
  '\t': '&#9;',
};

/** Element text: line breaks stay (a carriage return as a reference, which parsers would otherwise turn into a line feed). */
export const xmlText = (s: string): string => s.replace(notXmlChar, '').replace(/[&<>"'\r]/g, (c) => escapes[c]!);

/** An attribute value (in double quotes): line breaks and tabs as references, which attribute normalisation would turn into spaces. */
export const xmlAttribute = (s: string): string => s.replace(notXmlChar, '').replace(/[&<>"'\r\n\t]/g, (c) => escapes[c]!);

const compilerIds: ReadonlySet<string> = new Set(Object.values(compilerRuleIds));

type Outcome = 'failure' | 'error' | 'info';

const outcome = (d: Diagnostic): Outcome => (d.severity === 'info' ? 'info' : d.severity === 'error' && compilerIds.has(d.ruleId) ? 'error' : 'failure');

export const junit: Reporter = (report, options) => {
  const totals = { tests: 0, failures: 0, errors: 0 };
  const suites: string[] = [];
  for (const f of report.files) {
    const file = reportPath(f.file, options.cwd, options.root);
    const shown = f.diagnostics.filter((d) => !d.suppressed);
    const cases: string[] = [];
    let failures = 0;
    let errors = 0;
    for (const d of shown) {
      const kind = outcome(d);
      const where = `${d.span.start.line}:${d.span.start.column}`;
      const text = `${reportPath(d.file, options.cwd, options.root)}:${where}: ${d.severity}: ${d.message} (${d.ruleId})`;
      const open = `    <testcase classname="${xmlAttribute(file)}" name="${xmlAttribute(`${d.ruleId} at ${where}`)}" time="0">`;
      const body =
        kind === 'info'
          ? `      <system-out>${xmlText(text)}</system-out>`
          : `      <${kind} message="${xmlAttribute(d.message)}" type="${d.severity}">${xmlText(text)}</${kind}>`;
      cases.push(open, body, '    </testcase>');
      if (kind === 'failure') failures++;
      if (kind === 'error') errors++;
    }
    if (shown.length === 0) cases.push(`    <testcase classname="${xmlAttribute(file)}" name="no findings" time="0"/>`);
    const tests = Math.max(shown.length, 1);
    suites.push(`  <testsuite name="${xmlAttribute(file)}" tests="${tests}" failures="${failures}" errors="${errors}" time="0">`);
    pushAll(suites, cases);
    suites.push('  </testsuite>');
    totals.tests += tests;
    totals.failures += failures;
    totals.errors += errors;
  }
  const head = `<testsuites name="archlint" tests="${totals.tests}" failures="${totals.failures}" errors="${totals.errors}" time="0"`;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', ...(suites.length > 0 ? [`${head}>`, ...suites, '</testsuites>'] : [`${head}/>`])];
  return `${lines.join('\n')}\n`;
};

/**
 * archlint's layering, checked by dependency-cruiser (`npm run lint:layers`, and
 * test/layering.test.ts in `npm test`). One stage per folder, arrows only downwards:
 *
 *   grammar/ → src/model/ → src/import/, src/graph/, src/evaluate/ → src/engine/ → rules/ → src/config/
 *            → src/report/, src/render/ → src/cli/, src/lsp/ (and the library's entry points,
 *              src/index.ts and src/testing/)
 *
 * with leaf utilities every stage may use: src/text/ (formatting), src/io/ (safe writes),
 * src/arrays.ts, src/errors.ts, src/diagnostics.ts, src/package-info.ts. docs/architecture.md explains each rule.
 */

/** Modules every stage may import: the leaves, and the grammar's own types and tables. */
const leaves = '^(src/(text|io)/|src/(arrays|errors|diagnostics|package-info)\\.ts$)';

/** A stage (a path pattern) may import only itself and the given stages. */
function stage(name, from, allowed) {
  return {
    name,
    severity: 'error',
    comment: `${name}: may import only ${allowed.join(', ')}`,
    from: { path: from },
    // Only archlint's own modules: which packages a stage uses is package.json's business.
    to: { path: '^(grammar|src|rules|bench|scripts|test)/', pathNot: [from, leaves, ...allowed] },
  };
}

module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No import cycles, type-only imports included: a cycle makes two stages one.',
      from: {},
      to: { circular: true },
    },
    stage('grammar', '^grammar/', []),
    stage('leaves', leaves, ['^grammar/ast\\.ts$']),
    stage('model', '^src/model/', ['^grammar/']),
    stage('import', '^src/import/', ['^grammar/', '^src/model/']),
    stage('graph', '^src/graph/', ['^src/model/']),
    stage('evaluate', '^src/evaluate/', ['^src/model/', '^src/graph/']),
    stage('engine', '^src/engine/', ['^grammar/', '^src/model/', '^src/import/', '^src/graph/', '^src/evaluate/']),
    {
      name: 'rules',
      severity: 'error',
      comment: "A rule imports only the rule contract and the model's types (its services come from the context).",
      from: { path: '^rules/' },
      to: { pathNot: ['^rules/', '^src/engine/rule\\.ts$', '^src/model/model\\.ts$'] },
    },
    {
      name: 'one-rule-list',
      severity: 'error',
      comment: 'Only the built-in registry imports the list of built-in rules; everything else is handed a registry.',
      from: { pathNot: '^src/config/registry\\.ts$' },
      to: { path: '^rules/index\\.ts$' },
    },
    {
      name: 'rules-through-the-registry',
      severity: 'error',
      comment: 'Outside rules/, no module imports a rule: rules reach the rest of archlint through the registry.',
      from: { path: '^(src|grammar)/' },
      to: { path: '^rules/(?!index\\.ts$)' },
    },
    stage('config', '^src/config/', ['^grammar/', '^src/model/', '^src/import/', '^src/graph/', '^src/evaluate/', '^src/engine/', '^rules/index\\.ts$']),
    stage('report', '^src/report/', ['^grammar/', '^src/model/', '^src/engine/', '^src/evaluate/']),
    stage('render', '^src/render/', ['^grammar/', '^src/model/', '^src/evaluate/']),
    stage('cli', '^src/cli/', ['^grammar/', '^src/(model|import|graph|evaluate|engine|config|report|render)/', '^src/lsp/server\\.ts$']),
    stage('lsp', '^src/lsp/', ['^grammar/', '^src/(model|import|graph|evaluate|engine|config|report|render)/']),
    // The library's `check` is the check command's run, and its SARIF names the same tool: it may
    // import those two modules of the command line, never the argument parsing or printing.
    stage('library', '^src/(index\\.ts$|testing/)', [
      '^grammar/',
      '^src/(model|import|graph|evaluate|engine|config|report|render)/',
      '^src/cli/(check|tool-info)\\.ts$',
    ]),
    {
      name: 'report-types-only-from-evaluate',
      severity: 'error',
      comment: 'Reporters format what they are handed: they never run the evaluator or draw diagrams.',
      from: { path: '^src/(report|render)/' },
      to: { path: '^src/evaluate/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-tests-or-tools-in-the-product',
      severity: 'error',
      comment: 'What ships never imports the tests, the benchmark or the scripts.',
      from: { path: '^(src|grammar|rules)/' },
      to: { path: '^(test|bench|scripts)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    moduleSystems: ['es6'],
  },
};

// `require('archlint')`: archlint is an ES module (its parser is loaded with a top-level await, so
// Node's require() of ES modules cannot load it either). Say so plainly, with what to write instead.
throw Object.assign(
  new Error(
    "archlint is an ES module and cannot be loaded with require(). Use `import { check } from 'archlint'` " +
      "in an ES module, or `const { check } = await import('archlint')` in CommonJS (see docs/api.md).",
  ),
  { code: 'ERR_REQUIRE_ESM' },
);

/** `archlint render --focus/--hops/--region/--hide` from the command line: what it draws, and what it refuses (exit 2). */
import { describe, expect, it } from 'vitest';
import { archlint, stackTrace } from './cli-run.js';

// examples/photo-sharing.arch: `web` is in region us-east; within one hop of it are edge,
// session_store, query_cache, users_db, jobs and ops.
const file = 'examples/photo-sharing.arch';

describe('archlint render, focused', () => {
  it('draws what is within the hops of a component', () => {
    const result = archlint(['render', file, '--focus', 'web', '--hops', '1']);
    expect(result.code).toBe(0);
    const names = [...result.stdout.matchAll(/n\d+[[(>{\\/]+"[^ ]+ ([^<"]+)</g)].map((m) => m[1]);
    expect(names.sort()).toEqual(['Web tier', 'edge', 'jobs', 'ops', 'query_cache', 'session_store', 'users_db']);
  });

  it('leaves out the links of a class', () => {
    const all = archlint(['render', file]);
    const hidden = archlint(['render', file, '--hide', 'telemetry']);
    expect(all.stdout).toContain('|"telemetry"|');
    expect(hidden.stdout).not.toContain('|"telemetry"|');
  });

  it('refuses a component or region the model does not have, with a suggestion, and a class that is not one', () => {
    const cases: [string[], string][] = [
      [['--focus', 'wbe'], 'archlint: render: examples/photo-sharing.arch has no component `wbe`; did you mean `web`?\n'],
      [['--region', 'us-eats'], 'archlint: render: examples/photo-sharing.arch has no region `us-eats`; did you mean `us-east`?\n'],
      [['--hops', '2'], 'archlint: render: --hops goes with --focus <component>\n'],
    ];
    for (const [args, stderr] of cases) expect(archlint(['render', file, ...args])).toMatchObject({ code: 2, stdout: '', stderr });
    const wrong = archlint(['render', file, '--hide', 'telemetry,foo']);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain('expected some of telemetry, replication, async, sessions, comma-separated (not `foo`)');
    expect(wrong.stderr).not.toMatch(stackTrace);
  });
});

#!/usr/bin/env node
// The executable: everything else lives in src/cli/main.ts, which never touches `process`.
let run;
try {
  ({ run } = await import('../dist/src/cli/main.js'));
} catch (error) {
  if (error && error.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('archlint is not built yet: run `npm install` (or `npm run build`) in its folder first.\n');
    process.exit(2);
  }
  throw error;
}
// A reader that stops early (`archlint check … | head`) closes the pipe: stop quietly, as cat does.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error) => {
    if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}
try {
  process.exitCode = await run(process.argv.slice(2), {
    stdout: process.stdout,
    stderr: process.stderr,
    cwd: process.cwd(),
    env: process.env,
    streams: { input: process.stdin, output: process.stdout },
  });
} catch (error) {
  process.stderr.write(`archlint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  process.stderr.write('This is a bug in archlint; please report it with the command and the files.\n');
  if (process.env.ARCHLINT_DEBUG) process.stderr.write(`${error instanceof Error ? error.stack : ''}\n`);
  process.exitCode = 2;
}
// The language server's library keeps a timer of its own that watches the editor's process (when
// started with --clientProcessId); once the server has ended, end the process after the last
// message is flushed.
if (process.argv[2] === 'lsp') process.stdout.write('', () => process.exit());

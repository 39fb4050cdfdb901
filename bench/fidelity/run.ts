/**
 * The fidelity benchmark (`npm run bench:fidelity`): archlint's predictions against a real stack on
 * this machine. Where nginx, Redis and PostgreSQL are installed (Debian: nginx-light or nginx,
 * redis-server, postgresql; it says what is missing), it starts on loopback, each in a temporary
 * directory: PostgreSQL with a table of 10,000 items, Redis holding 80% of them, two Node services
 * (service.ts) that read an item through Redis and, on a miss, from PostgreSQL, and nginx round
 * robin in front of them. It measures each tier's CPU time per request at a low load, writes the
 * matching .arch, finds the rate the stack keeps up with by a ramp, drives 20%, 50% and 80% of
 * it with an open-loop Poisson load (load.ts), and prints predicted (analytic and simulated) against measured p50, p99 and
 * utilisation. Every server it started is stopped, whatever happens. Not a test: the machine's
 * two cores are shared by the load generator and every server, and the figures move from run to
 * run; docs/evaluator.md records a run and reads it.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArch } from '../../grammar/index.js';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { simulate } from '../../src/evaluate/simulate.js';
import { buildModel } from '../../src/model/build.js';
import { Redis } from './resp.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const KEYS = 10_000;
const CACHED = 8_000;
const SECONDS = Number(process.env.FIDELITY_SECONDS ?? 15);
const CALIBRATION_RATE = Number(process.env.FIDELITY_CALIBRATION_RPS ?? 400);
const RAMP_SECONDS = 4;

/** The first of `names` on the PATH or in PostgreSQL's own directories. */
function which(name: string): string | undefined {
  const dirs = [...(process.env.PATH ?? '').split(':'), '/usr/sbin', '/sbin'];
  const pg = '/usr/lib/postgresql';
  if (existsSync(pg)) for (const v of readdirSync(pg).sort().reverse()) dirs.push(path.join(pg, v, 'bin'));
  for (const d of dirs) if (d && existsSync(path.join(d, name))) return path.join(d, name);
  return undefined;
}

const started: ChildProcess[] = [];
const cleanups: (() => void)[] = [];
let stopped = false;
/** Stops every server started and removes the temporary directory; waits up to 10 s for them to go. */
async function shutdown(): Promise<void> {
  if (stopped) return;
  stopped = true;
  const alive = started.filter((c) => c.exitCode === null && c.signalCode === null);
  const gone = Promise.all(alive.map((c) => new Promise<void>((resolve) => c.once('exit', () => resolve()))));
  for (const c of alive.reverse()) c.kill('SIGTERM');
  await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
  for (const c of alive) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const f of cleanups.reverse()) {
    try {
      f();
    } catch {
      // Cleaning up must go on.
    }
  }
}
// A last resort when the process ends some other way: no waiting is possible then.
process.on('exit', () => {
  if (stopped) return;
  for (const c of started) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const f of cleanups) {
    try {
      f();
    } catch {
      // As above.
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.on(signal, () => void shutdown().finally(() => process.exit(130)));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as net.AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, what: string, ms = 20_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => (s.end(), resolve(true)));
      s.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`${what} did not start listening on port ${port}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs a command to completion, as the PostgreSQL user when archlint runs as root (PostgreSQL refuses root). */
function run(command: string, args: string[], asPostgres = false): string {
  const [cmd, argv] = asPostgres && process.getuid?.() === 0 ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
  const r = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${r.stderr || r.stdout}`);
  return r.stdout;
}

/**
 * CPU seconds a process has used, from /proc (10 ms ticks); with its children: those running (by
 * parent pid) and those it has waited for (PostgreSQL's autovacuum workers come and go).
 */
function cpuSeconds(pid: number, withChildren: boolean): number {
  const ticks = (p: number, reaped = false) => {
    try {
      const fields = readFileSync(`/proc/${p}/stat`, 'utf8').split(') ')[1]!.split(' ');
      return Number(fields[11]) + Number(fields[12]) + (reaped ? Number(fields[13]) + Number(fields[14]) : 0);
    } catch {
      return 0;
    }
  };
  let total = ticks(pid, withChildren);
  if (withChildren) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const fields = readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ');
        if (Number(fields[1]) === pid) total += ticks(Number(entry));
      } catch {
        // Gone between the listing and the read.
      }
    }
  }
  return total / 100;
}

interface Stack {
  nginx: { port: number; pid: number };
  services: number[];
  redis: number;
  postgres: number;
}

async function start(tmp: string): Promise<Stack> {
  // PostgreSQL: a cluster of its own, trusted on loopback.
  const data = path.join(tmp, 'pg');
  mkdirSync(data);
  if (process.getuid?.() === 0) {
    const uid = Number(run('id', ['-u', 'postgres']).trim());
    const gid = Number(run('id', ['-g', 'postgres']).trim());
    chownSync(tmp, uid, gid);
    chownSync(data, uid, gid);
  }
  const pgPort = await freePort();
  run(which('initdb')!, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'], true);
  const postgresBin = which('postgres')!;
  const pgArgs = ['-D', data, '-p', String(pgPort), '-c', 'listen_addresses=127.0.0.1', '-c', `unix_socket_directories=${data}`, '-c', 'fsync=off'];
  const postgres =
    process.getuid?.() === 0
      ? spawn('runuser', ['-u', 'postgres', '--', postgresBin, ...pgArgs], { stdio: 'ignore' })
      : spawn(postgresBin, pgArgs, { stdio: 'ignore' });
  started.push(postgres);
  await waitForPort(pgPort, 'PostgreSQL');
  await new Promise((r) => setTimeout(r, 500));
  // The postmaster (under runuser when archlint runs as root): its backends are its children.
  const postmaster = Number(readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
  cleanups.push(() => {
    if (existsSync(path.join(data, 'postmaster.pid'))) run(which('pg_ctl')!, ['stop', '-D', data, '-m', 'immediate'], true);
  });
  run('psql', [
    '-h',
    '127.0.0.1',
    '-p',
    String(pgPort),
    '-U',
    'postgres',
    '-q',
    '-c',
    `CREATE TABLE items (id int PRIMARY KEY, payload text); INSERT INTO items SELECT g, repeat('x', 200) FROM generate_series(1, ${KEYS}) g;`,
    '-c',
    'VACUUM ANALYZE items',
  ]);

  // Redis: in memory only, holding the first 80% of the keys.
  const redisPort = await freePort();
  const redis = spawn(which('redis-server')!, ['--port', String(redisPort), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', tmp], {
    stdio: 'ignore',
  });
  started.push(redis);
  await waitForPort(redisPort, 'Redis');
  const client = await Redis.connect(redisPort);
  await Promise.all(Array.from({ length: CACHED }, (_, i) => client.set(`item:${i + 1}`, 'x'.repeat(200))));
  client.close();

  // Two application servers.
  const servicePorts = [await freePort(), await freePort()];
  const services = servicePorts.map((p) => {
    const child = spawn(process.execPath, [path.join(here, 'service.js'), String(p), String(redisPort), String(pgPort)], {
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    started.push(child);
    return child;
  });
  for (const p of servicePorts) await waitForPort(p, 'a service');

  // nginx, one worker, round robin to the two over kept-alive connections.
  const nginxPort = await freePort();
  const conf = path.join(tmp, 'nginx.conf');
  writeFileSync(
    conf,
    `worker_processes 1;
daemon off;
pid ${tmp}/nginx.pid;
error_log ${tmp}/nginx-error.log warn;
events { worker_connections 8192; }
http {
  access_log off;
  client_body_temp_path ${tmp}/nginx-body;
  proxy_temp_path ${tmp}/nginx-proxy;
  fastcgi_temp_path ${tmp}/nginx-fastcgi;
  uwsgi_temp_path ${tmp}/nginx-uwsgi;
  scgi_temp_path ${tmp}/nginx-scgi;
  upstream api { ${servicePorts.map((p) => `server 127.0.0.1:${p};`).join(' ')} keepalive 256; }
  server {
    listen 127.0.0.1:${nginxPort};
    keepalive_requests 1000000;
    location / { proxy_pass http://api; proxy_http_version 1.1; proxy_set_header Connection ""; }
  }
}
`,
  );
  const nginx = spawn(which('nginx')!, ['-c', conf, '-p', tmp], { stdio: 'ignore' });
  started.push(nginx);
  await waitForPort(nginxPort, 'nginx');
  return { nginx: { port: nginxPort, pid: nginx.pid! }, services: services.map((s) => s.pid!), redis: redis.pid!, postgres: postmaster };
}

interface Run {
  rate: number;
  mean_ms: number;
  p50_ms: number;
  p99_ms: number;
  errors: number;
  lag_ms: number;
  /** CPU seconds per second of each tier (cores busy), and of the load generator. */
  busy: { nginx: number; api: number; redis: number; postgres: number; load: number };
}

/** Drives `rate` requests a second for `seconds` at the stack, and measures. */
async function drive(stack: Stack, rate: number, seed: number, seconds = SECONDS): Promise<Run> {
  const pids = { nginx: stack.nginx.pid, redis: stack.redis, postgres: stack.postgres };
  const cpu = () => ({
    nginx: cpuSeconds(pids.nginx, true),
    api: stack.services.reduce((s, p) => s + cpuSeconds(p, false), 0),
    redis: cpuSeconds(pids.redis, false),
    postgres: cpuSeconds(pids.postgres, true),
  });
  const before = cpu();
  const t0 = performance.now();
  const child = spawn(process.execPath, [path.join(here, 'load.js'), String(stack.nginx.port), String(rate), String(seconds), String(KEYS), String(seed)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  started.push(child);
  let out = '';
  child.stdout.on('data', (c: Buffer) => (out += c.toString()));
  let loadCpu = 0;
  const sample = setInterval(() => (loadCpu = Math.max(loadCpu, cpuSeconds(child.pid!, false))), 200);
  await new Promise<void>((resolve) => child.on('exit', () => resolve()));
  clearInterval(sample);
  const wall = (performance.now() - t0) / 1000;
  const after = cpu();
  const result = JSON.parse(out) as Omit<Run, 'busy'>;
  const per = (k: keyof typeof before) => (after[k] - before[k]) / wall;
  return { ...result, busy: { nginx: per('nginx'), api: per('api'), redis: per('redis'), postgres: per('postgres'), load: loadCpu / wall } };
}

const ms = (x: number) => `${(Math.round(x * 1000) / 1000).toString()}ms`;

/** The .arch of the stack as measured: each tier's CPU time per request as its service time. */
function archOf(rate: number, t: { nginx: number; api: number; redis: number; postgres: number; hop: number }): string {
  return `# The fidelity benchmark's stack as measured on this machine (bench/fidelity/run.ts):
# service times are CPU time per request at a low load; a loopback hop is what the low-load
# latency leaves after them, spread over the hops.
workload { rps: ${Math.round(rate)}, read_ratio: 100% }
latency { client_round_trip: ${ms(t.hop)}, datacenter_round_trip: ${ms(t.hop)} }
client load
lb nginx { latency: ${ms(t.nginx)}, capacity: ${Math.round(1000 / t.nginx)}, policy: round-robin }   # one worker: one request at a time
service api { replicas: 2, latency: ${ms(t.api)}, capacity: ${Math.round(1000 / t.api)} }   # Node: one thread, not held by its calls
cache redis { latency: ${ms(t.redis)}, capacity: ${Math.round(1000 / t.redis)}, hit_ratio: ${Math.round((100 * CACHED) / KEYS)}% }   # one thread
database postgres { latency: ${ms(t.postgres)}, capacity: ${Math.round(2000 / t.postgres)} }   # a process per connection, two cores
load -> nginx -> api
api -> redis { reads }
api -> postgres
`;
}

function model(source: string) {
  const { ast, problems } = parseArch(source);
  if (problems.length > 0) throw new Error(`the written .arch does not parse: ${problems[0]!.message}`);
  const built = buildModel([{ file: 'stack.arch', ast }]);
  if (built.diagnostics.length > 0) throw new Error(`the written .arch is invalid: ${built.diagnostics[0]!.message}`);
  return built.model;
}

const pct = (x: number) => `${(x * 100).toFixed(0)}%`;
const num = (x: number | null | undefined) => (x === null || x === undefined ? '—' : x.toFixed(2));

async function main(): Promise<void> {
  const missing = [
    ['nginx', 'nginx-light'],
    ['redis-server', 'redis-server'],
    ['initdb', 'postgresql'],
    ['postgres', 'postgresql'],
    ['psql', 'postgresql-client'],
  ].filter(([bin]) => which(bin!) === undefined);
  if (missing.length > 0) {
    const packages = [...new Set(missing.map(([, p]) => p))];
    console.log(`fidelity: not run — ${missing.map(([b]) => b).join(', ')} not found. On Debian: apt-get install ${packages.join(' ')}`);
    return;
  }
  if (!existsSync('/proc/self/stat')) {
    console.log('fidelity: not run — it measures CPU time from /proc, which this system does not have');
    return;
  }
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'archlint-fidelity-'));
  cleanups.push(() => rmSync(tmp, { recursive: true, force: true }));
  console.log(`fidelity: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? 'unknown'}), ${SECONDS} s per load level`);
  const stack = await start(tmp);
  // Warm up every process, then measure at a low load.
  await drive(stack, CALIBRATION_RATE, 1);
  const low = await drive(stack, CALIBRATION_RATE, 2);
  const missRatio = 1 - CACHED / KEYS;
  const cpuMs = (busy: number, share = 1) => (busy * 1000) / (low.rate * share);
  const times = {
    nginx: cpuMs(low.busy.nginx),
    api: cpuMs(low.busy.api),
    redis: cpuMs(low.busy.redis),
    postgres: cpuMs(low.busy.postgres, missRatio),
    hop: 0,
  };
  const inTiers = times.nginx + times.api + times.redis + missRatio * times.postgres;
  times.hop = Math.max(0.001, (low.mean_ms - inTiers) / (3 + missRatio));
  // What the model says the stack sustains: its busiest tier's capacity, or the host's cores,
  // shared by every tier and the load generator, whichever is lower.
  const tierCapacity = Math.min(1000 / times.nginx, 2000 / times.api, 1000 / times.redis, 2000 / times.postgres / missRatio);
  const loadMs = (low.busy.load * 1000) / low.rate;
  const hostCapacity = (os.cpus().length * 1000) / (inTiers + loadMs);
  console.log(
    `measured at ${Math.round(low.rate)} requests/s: CPU per request nginx ${ms(times.nginx)}, api ${ms(times.api)}, redis ${ms(times.redis)}, postgres ${ms(times.postgres)} (per query), load generator ${ms(loadMs)}; loopback hop ${ms(times.hop)}`,
  );
  console.log(
    `capacity by these figures: ${Math.round(tierCapacity)} requests/s by the busiest tier, ${Math.round(hostCapacity)} by the ${os.cpus().length} cores every process shares`,
  );
  // What it really sustains, found by a ramp: the highest rate it keeps up with (achieved within
  // 3% of the rate asked, p99 under ten times the low load's), doubling, then halving the gap.
  const keepsUp = async (rate: number) => {
    const r = await drive(stack, rate, Math.round(rate), RAMP_SECONDS);
    return r.errors === 0 && r.rate >= 0.97 * rate && r.p99_ms < 10 * low.p99_ms;
  };
  let good = CALIBRATION_RATE;
  let bad = 0;
  for (let rate = 2 * good; bad === 0 && rate <= 64_000; rate *= 2) {
    if (await keepsUp(rate)) good = rate;
    else bad = rate;
  }
  for (let i = 0; i < 3 && bad > 0; i++) {
    const mid = Math.round((good + bad) / 2);
    if (await keepsUp(mid)) good = mid;
    else bad = mid;
  }
  const capacity = good;
  console.log(`capacity measured by a ramp: ${capacity} requests/s${bad > 0 ? ` (not ${bad})` : ''}`);
  console.log('');
  console.log(archOf(capacity, times));
  const rows: string[][] = [];
  const tierRows: string[][] = [];
  for (const [i, level] of [0.2, 0.5, 0.8].entries()) {
    const measured = await drive(stack, level * capacity, 10 + i);
    const m = model(archOf(measured.rate, times));
    const analytic = evaluate(m);
    const simulated = simulate(m, { requests: 200_000, seed: 1 });
    const a = analytic.flows[0]!;
    const s = simulated.flows[0]!;
    // The same, with the CPU times per request measured at this load rather than at the low one:
    // what the queueing arithmetic gives when its service times are right.
    const refit = evaluate(
      model(
        archOf(measured.rate, {
          nginx: (measured.busy.nginx * 1000) / measured.rate,
          api: (measured.busy.api * 1000) / measured.rate,
          redis: (measured.busy.redis * 1000) / measured.rate,
          postgres: (measured.busy.postgres * 1000) / (measured.rate * missRatio),
          hop: times.hop,
        }),
      ),
    ).flows[0]!;
    rows.push([
      pct(level),
      String(Math.round(measured.rate)),
      `${num(a.p50_ms)} / ${num(s.p50_ms)} / ${num(refit.p50_ms)} / ${num(measured.p50_ms)}`,
      `${num(a.p99_ms)} / ${num(s.p99_ms)} / ${num(refit.p99_ms)} / ${num(measured.p99_ms)}`,
      `${num(a.mean_ms)} / ${num(s.mean_ms)} / ${num(refit.mean_ms)} / ${num(measured.mean_ms)}`,
      String(measured.errors),
    ]);
    const busy = { nginx: measured.busy.nginx, api: measured.busy.api / 2, redis: measured.busy.redis, postgres: measured.busy.postgres / 2 };
    for (const [tier, value] of Object.entries(busy)) {
      const at = analytic.tiers.find((t) => t.component === tier)!;
      const st = simulated.tiers.find((t) => t.component === tier)!;
      tierRows.push([pct(level), tier, pct(at.utilization), pct(st.utilization), pct(value)]);
    }
    tierRows.push([pct(level), '(load generator)', '', '', `${pct(measured.busy.load)} of a core`]);
  }
  const table = (header: string[], body: string[][]) => {
    const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
    return [header, widths.map((w) => '-'.repeat(w)), ...body]
      .map((r) =>
        r
          .map((c, i) => c.padEnd(widths[i]!))
          .join('  ')
          .trimEnd(),
      )
      .join('\n');
  };
  console.log('Flow (ms: analytic / simulated / analytic with the CPU times measured at that load / measured)');
  console.log(table(['load', 'rps', 'p50', 'p99', 'mean', 'errors'], rows));
  console.log('');
  console.log('Utilisation (per instance; postgres: of its two cores)');
  console.log(table(['load', 'tier', 'analytic', 'simulated', 'measured'], tierRows));
}

main()
  .catch((error: unknown) => {
    console.error(`fidelity: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  })
  .finally(() => shutdown());

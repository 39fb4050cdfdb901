/**
 * The fidelity benchmark's load generator: an open loop — requests leave at the times of a Poisson
 * process of the given rate, whatever the answers, so a slow server cannot slow the load down
 * (closed-loop tools such as wrk or ab wait for each answer and understate queueing). Each
 * request asks for a key drawn uniformly. A latency is timed from the moment the request was due
 * to the end of its answer; the first second is not counted.
 * Usage: node load.js <port> <rate> <seconds> <keys> <seed>; prints one line of JSON.
 */
import http from 'node:http';
import { mulberry32 } from '../../src/evaluate/random.js';

const [port, rate, seconds, keys, seed] = process.argv.slice(2).map(Number) as [number, number, number, number, number];
const random = mulberry32(seed);
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
const warmup = 1000;
const latencies: number[] = [];
let due = 0;
let errors = 0;
let outstanding = 0;
let lag = 0;
let sent = 0;
const start = performance.now();
const end = seconds * 1000;

function send(at: number): void {
  outstanding++;
  sent++;
  lag += performance.now() - start - at;
  const id = 1 + Math.floor(random() * keys);
  const req = http.get({ host: '127.0.0.1', port, path: `/item/${id}`, agent }, (res) => {
    res.resume();
    res.on('end', () => {
      outstanding--;
      if (res.statusCode !== 200) errors++;
      else if (at >= warmup) latencies.push(performance.now() - start - at);
      if (due >= end && outstanding === 0) finish();
    });
  });
  req.on('error', () => {
    outstanding--;
    errors++;
    if (due >= end && outstanding === 0) finish();
  });
}

function tick(): void {
  const now = performance.now() - start;
  while (due <= now && due < end) {
    send(due);
    due += (-Math.log(random()) * 1000) / rate;
  }
  if (due < end) setTimeout(tick, Math.max(0, Math.min(1, due - now)));
  else if (outstanding === 0) finish();
}

function finish(): void {
  latencies.sort((a, b) => a - b);
  const at = (p: number) => latencies[Math.min(latencies.length - 1, Math.max(0, Math.ceil(p * latencies.length) - 1))] ?? null;
  const mean = latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length);
  const measured = (end - warmup) / 1000;
  process.stdout.write(
    `${JSON.stringify({ rate: latencies.length / measured, counted: latencies.length, errors, mean_ms: mean, p50_ms: at(0.5), p99_ms: at(0.99), lag_ms: lag / Math.max(1, sent) })}\n`,
  );
  agent.destroy();
  process.exit(0);
}

due = (-Math.log(random()) * 1000) / rate;
tick();

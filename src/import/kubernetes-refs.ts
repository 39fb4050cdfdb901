/**
 * The hosts a container names: in environment variable values (URLs, `host:port`, connection
 * strings, `$(NAME_SERVICE_HOST)`, or the whole value where the variable's name says it is a
 * host), in its args and command (URLs, `host:port`, `--redis-host=cache`, `-h orders-db`) and in
 * the configuration files it mounts (URLs and `host:port` only). Conservative on purpose: a word
 * that merely equals a Service's name is not a reference.
 */
import { hostNameSegments, notHosts } from './kubernetes-table.js';

export interface Mention {
  /** The host as written (lower-cased): `orders-db`, `orders-db.shop.svc.cluster.local`. */
  host: string;
  /** The text to find in the value, for the span of the mention. */
  needle: string;
  /** A URL's scheme (`postgres`, `https`); absent for the other forms. */
  scheme?: string;
}

const label = '[a-z0-9](?:[a-z0-9-]*[a-z0-9])?';
const hostPattern = new RegExp(`^${label}(?:\\.${label})*$`, 'i');
const ipPattern = /^\d{1,3}(\.\d{1,3}){3}$/;

/** Whether `text` can be a host name of the cluster or beyond (not an IP, not a placeholder word). */
export function isHostName(text: string): boolean {
  const t = text.toLowerCase();
  if (!hostPattern.test(t) || ipPattern.test(t) || notHosts.has(t)) return false;
  // A name starts with a letter (Service names must; `8080` is a port, `1s` a duration).
  return /^[a-z]/.test(t);
}

/** Whether an environment variable's name says its value is a host, a URL or a list of them. */
export function isHostVariable(name: string | undefined): boolean {
  if (name === undefined) return false;
  const segments = name
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
  const last = segments[segments.length - 1];
  return last !== undefined && hostNameSegments.has(last);
}

/** URLs: `scheme://[user[:password]@]host[:port]…`. */
const urlPattern = /\b([a-z][a-z0-9+.-]*):\/\/(?:[^\s/@'"]*@)?([a-z0-9][a-z0-9.-]*)/gi;
/** `host:port`, not inside a URL or a path, with a port of at least 80 (`redis:7` is an image tag). */
const hostPortPattern = /(?<![\w.\-/@:])([a-z][a-z0-9-]*(?:\.[a-z0-9-]+)*):(\d{2,5})(?![\d.\w])/gi;
/** `$(ORDERS_DB_SERVICE_HOST)`: the Service's address Kubernetes puts in the environment. */
const serviceVariablePattern = /\$\(([A-Z0-9_]+?)_SERVICE_(?:HOST|PORT)\)/g;
/** Connection strings of the key=value kind: `Host=orders-db;Port=5432`, `host=orders-db port=5432`. */
const keyValuePattern = /(?:^|[;\s,'"])(?:host|hostname|server|data source|address|addr)\s*=\s*(?:tcp:)?([a-z][a-z0-9.-]*)/gi;

/** Hosts named in a text that is not a bare host: URLs, `host:port`, `$(X_SERVICE_HOST)`, `Host=x`. */
export function mentionsInText(text: string): Mention[] {
  const out: Mention[] = [];
  const add = (host: string, needle: string, scheme?: string) => {
    const h = host.toLowerCase().replace(/\.$/, '');
    if (isHostName(h) && !out.some((m) => m.host === h)) out.push({ host: h, needle, ...(scheme !== undefined ? { scheme: scheme.toLowerCase() } : {}) });
  };
  for (const m of text.matchAll(urlPattern)) add(m[2]!, m[2]!, m[1]);
  for (const m of text.matchAll(hostPortPattern)) if (Number(m[2]) >= 80 && Number(m[2]) <= 65535) add(m[1]!, m[0]);
  for (const m of text.matchAll(serviceVariablePattern)) add(m[1]!.toLowerCase().replace(/_/g, '-'), m[0]);
  for (const m of text.matchAll(keyValuePattern)) add(m[1]!, m[1]!);
  return out;
}

/** Hosts named by an environment variable: as in any text, or the whole value when the name says it is a host (list). */
export function mentionsInVariable(name: string | undefined, value: string): Mention[] {
  const found = mentionsInText(value);
  if (found.length > 0 || !isHostVariable(name)) return found;
  const tokens = value
    .split(/[\s,;]+/)
    .map((t) => t.trim())
    .filter(Boolean);
  if (tokens.length === 0 || !tokens.every((t) => isHostName(t.replace(/:\d+$/, '')))) return [];
  return tokens.map((t) => ({ host: t.replace(/:\d+$/, '').toLowerCase(), needle: t }));
}

/** Flags whose value is a host: `-h`, `--host`, `--redis-host`, `--db-addr`, `--broker-url`, … */
const hostFlag = /^--?(?:h|[a-z0-9-]*?(?:host|hostname|addr|address|server|servers|endpoint|url|uri|broker|brokers|bootstrap-servers?))$/i;

/** Hosts named in a container's args and command (each item may be a whole shell line). */
export function mentionsInArgs(args: readonly string[]): Mention[] {
  const out: Mention[] = [];
  const add = (ms: readonly Mention[]) => {
    for (const m of ms) if (!out.some((o) => o.host === m.host)) out.push(m);
  };
  const tokens = args.flatMap((a) => a.split(/\s+/)).map((t) => t.replace(/^['"]+|['";]+$/g, ''));
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    add(mentionsInText(token));
    const eq = token.indexOf('=');
    if (eq > 0 && hostFlag.test(token.slice(0, eq))) add(mentionsInVariable('HOST', token.slice(eq + 1)));
    else if (hostFlag.test(token) && i + 1 < tokens.length && !tokens[i + 1]!.startsWith('-')) add(mentionsInVariable('HOST', tokens[i + 1]!));
  }
  return out;
}

/**
 * URL schemes of databases, caches and brokers: a host outside the cluster named by one of them
 * is a service the workload depends on (a managed database). Web URLs are not read that way: an
 * `https://` value is as often the application's own address or a link as a dependency.
 */
export const dependencySchemes: ReadonlySet<string> = new Set([
  'postgres',
  'postgresql',
  'mysql',
  'mariadb',
  'mongodb',
  'mongodb+srv',
  'redis',
  'rediss',
  'memcached',
  'amqp',
  'amqps',
  'kafka',
  'nats',
  'sqlserver',
]);

/**
 * A host split into what it names in the cluster: a Service (with its namespace, when written),
 * optionally a pod of it (`orders-db-0.orders-db`), or nothing the cluster resolves (an
 * external name). `clusterLocal`: written with `.svc` or `.svc.cluster.local`.
 */
export function clusterName(
  host: string,
  namespaces: ReadonlySet<string>,
): { service: string; namespace?: string; pod?: string; clusterLocal: boolean } | undefined {
  let h = host.toLowerCase();
  let clusterLocal = false;
  for (const suffix of ['.svc.cluster.local', '.svc']) {
    if (h.endsWith(suffix)) {
      h = h.slice(0, -suffix.length);
      clusterLocal = true;
      break;
    }
  }
  const labels = h.split('.');
  if (clusterLocal) {
    if (labels.length === 2) return { service: labels[0]!, namespace: labels[1]!, clusterLocal };
    if (labels.length === 3) return { pod: labels[0]!, service: labels[1]!, namespace: labels[2]!, clusterLocal };
    return undefined;
  }
  if (labels.length === 1) return { service: labels[0]!, clusterLocal };
  if (labels.length === 2)
    return namespaces.has(labels[1]!) ? { service: labels[0]!, namespace: labels[1]!, clusterLocal } : { pod: labels[0]!, service: labels[1]!, clusterLocal };
  if (labels.length === 3 && namespaces.has(labels[2]!)) return { pod: labels[0]!, service: labels[1]!, namespace: labels[2]!, clusterLocal };
  return undefined;
}

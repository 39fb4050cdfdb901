/**
 * spof: a component on a request flow whose failure cuts the flow (every path from the client
 * onwards passes through it), with fewer than two instances and no platform-provided redundancy.
 *
 * Per client, the dominator tree of the request graph says which components every path to a
 * node must cross. A component is a single point of failure for a client when it dominates some
 * other component (it is the only way to reach it) or is where the flow ends (nothing after it, or
 * a cycle of components that call only each other: the data or work is there). A component with an alternative path around it dominates nothing and is not
 * reported. O(m log n) per client.
 */
import { defineRule, listNames, plural } from '../src/engine/rule.js';
import { isRequestEdge, minInstances, type Component, type Model } from '../src/model/model.js';

/** Where the flow is cut (`cutsFlow…`) or ends (`endOfFlow…`), and why there is no second instance. */
type MessageId = `${'cutsFlow' | 'endOfFlow'}${'' | 'Autoscaled' | 'Unreplicated'}`;

interface Finding {
  clients: string[];
  /** Names this component alone leads to, nearest first (from the client that loses most). */
  lost: string[];
  lostCount: number;
}

/**
 * Two or more instances that can stand in for each other. Database nodes with `replication: none`
 * each hold their own data, so losing one loses its data however many there are.
 */
function redundant(c: Component): boolean {
  if (c.kind === 'database' && c.attrs.replication === 'none') return false;
  return minInstances(c) >= 2;
}

/** Why there is no instance to take over: one instance, an autoscaler that may go down to one, or nodes that do not replicate. */
function why(c: Component): '' | 'Autoscaled' | 'Unreplicated' {
  if (c.kind === 'database' && c.attrs.replication === 'none' && c.attrs.replicas > 1) return 'Unreplicated';
  return c.attrs.autoscale ? 'Autoscaled' : '';
}

const cause = {
  '': 'runs as one instance',
  Autoscaled: 'autoscales down to {{instances}}',
  Unreplicated: 'has {{replicas}} nodes with `replication: none`, so no node can take over for another,',
} as const;
const FIX = 'Run at least 2 replicas (or mark it `managed` if the platform provides redundancy).';
const cuts = (c: string) => `\`{{name}}\` is a single point of failure: it ${c} and every path from {{clients}} to {{lost}} goes through it. ${FIX}`;
const ends = (c: string) =>
  `\`{{name}}\` is a single point of failure: it ${c} and the requests from {{clients}} that reach it have nowhere else to go. ${FIX}`;

/**
 * `needed[index]` is 1 for the components some client reaches along request edges that are not
 * `optional` (and each service's session store): what a flow cannot do without. One search.
 */
function requiredComponents(model: Model): Uint8Array {
  const needed = new Uint8Array(model.components().length);
  const stack: Component[] = [];
  const visit = (c: Component | undefined) => {
    if (c && !needed[c.index]) {
      needed[c.index] = 1;
      stack.push(c);
    }
  };
  for (const c of model.ofKind('client')) visit(c);
  while (stack.length > 0) {
    const c = stack.pop()!;
    for (const e of model.outEdges(c.name)) if (isRequestEdge(e) && !e.optional) visit(model.component(e.to));
    if (c.attrs.sessions !== undefined && c.attrs.sessions !== 'local') visit(model.component(c.attrs.sessions));
  }
  return needed;
}

export default defineRule<MessageId>({
  id: 'spof',
  meta: {
    serves: 'Chapter: redundancy in every tier, no single point of failure.',
    description: 'A component on a request flow that runs as one instance with no path around it: if it fails, the flow stops.',
    defaultSeverity: 'error',
    messages: {
      cutsFlow: cuts(cause['']),
      cutsFlowAutoscaled: cuts(cause.Autoscaled),
      cutsFlowUnreplicated: cuts(cause.Unreplicated),
      endOfFlow: ends(cause['']),
      endOfFlowAutoscaled: ends(cause.Autoscaled),
      endOfFlowUnreplicated: ends(cause.Unreplicated),
    },
  },
  check(model, context) {
    const components = model.components();
    const clients = components.filter((c) => c.kind === 'client');
    if (clients.length === 0) return;
    const graph = context.requestGraph();
    const n = components.length;
    const findings = new Map<number, Finding>();
    const childCount = new Int32Array(n);
    const subtree = new Int32Array(n);
    const preorderIndex = new Int32Array(n);

    const needed = requiredComponents(model);

    for (const client of clients) {
      const tree = context.dominatorTree(client);
      const { idom, reached } = tree;
      // Dominator-tree children, subtree sizes and a preorder, all in O(reached).
      const children = new Map<number, number[]>();
      for (const v of reached) childCount[v] = 0;
      for (const v of reached) {
        const d = idom[v]!;
        if (d < 0) continue;
        childCount[d]!++;
        let list = children.get(d);
        if (!list) children.set(d, (list = []));
        list.push(v);
      }
      const order: number[] = [];
      const stack = [client.index];
      while (stack.length > 0) {
        const v = stack.pop()!;
        preorderIndex[v] = order.length;
        order.push(v);
        const kids = children.get(v);
        if (kids) for (let k = kids.length - 1; k >= 0; k--) stack.push(kids[k]!);
      }
      for (let i = order.length - 1; i >= 0; i--) {
        const v = order[i]!;
        subtree[v] = 1;
        const kids = children.get(v);
        if (kids) for (const k of kids) subtree[v] += subtree[k]!;
      }
      for (const v of reached) {
        if (v === client.index) continue;
        const c = components[v]!;
        // An external service is redundant or not as its provider runs it (its SLA is what the
        // budget rules and missing-timeout speak about); one reached only by calls the response
        // can do without fails no flow.
        if (c.kind === 'client' || c.kind === 'external' || c.attrs.managed || redundant(c) || !needed[v]) continue;
        if (childCount[v] === 0 && graph.isFlowEnd[v] === 0) continue;
        const lostCount = subtree[v]! - 1;
        const start = preorderIndex[v]! + 1;
        const lost = order.slice(start, start + Math.min(lostCount, 4)).map((i) => components[i]!.name);
        const finding = findings.get(v);
        if (!finding) {
          findings.set(v, { clients: [client.name], lost, lostCount });
        } else {
          finding.clients.push(client.name);
          if (lostCount > finding.lostCount) {
            finding.lost = lost;
            finding.lostCount = lostCount;
          }
        }
      }
    }

    for (const [index, finding] of [...findings].sort((a, b) => a[0] - b[0])) {
      const c = components[index]!;
      const reason = why(c);
      const data = {
        name: c.name,
        clients: listNames(finding.clients),
        instances: plural(c.attrs.autoscale?.min ?? 1, 'instance'),
        replicas: c.attrs.replicas,
      };
      if (finding.lostCount === 0) {
        context.report({ messageId: `endOfFlow${reason}`, data, target: { component: c } });
      } else {
        const names = finding.lost.map((x) => x);
        const lost =
          finding.lostCount > names.length
            ? `${names
                .slice(0, 3)
                .map((x) => `\`${x}\``)
                .join(', ')} and ${finding.lostCount - 3} more`
            : listNames(names);
        context.report({ messageId: `cutsFlow${reason}`, data: { ...data, lost }, target: { component: c } });
      }
    }
  },
});

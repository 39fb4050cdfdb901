/**
 * no-db-replication: a database that runs on one node, or on several nodes with
 * `replication: none`. Either way no node holds a copy of another's data: nothing takes over when
 * a node fails, and reads cannot move to replicas. Managed databases are left alone, since the
 * platform provides their redundancy.
 */
import { defineRule } from '../src/engine/rule.js';

type MessageId = 'standbyOnly' | 'singleNode' | 'replicationNone';

export default defineRule<MessageId>({
  id: 'no-db-replication',
  meta: {
    serves: 'Chapter: database replication, a primary for writes and replicas for reads.',
    description: 'A database with one node or with `replication: none`: no failover when a node fails, and no replicas to take the reads.',
    defaultSeverity: 'warning',
    messageSeverity: { standbyOnly: 'info' },
    severityNote: 'info for a standby with no read replicas',
    messages: {
      singleNode:
        '`{{name}}` runs on a single node: if it fails the data is unavailable and nothing takes over, and every read and write lands on that one machine. Run it with `replicas: 2` or more (a primary for writes, replicas for reads), or mark it `managed` if the platform replicates it.',
      standbyOnly:
        '`{{name}}` has {{standby}} standby node{{s}} to fail over to but no read replicas: it survives losing its primary, yet every read and write still lands on that one machine. Add read replicas (`replicas: 2` or more) when the reads outgrow it.',
      replicationNone:
        '`{{name}}` has {{replicas}} nodes but `replication: none`: each node holds only its own data, so none can take over when another fails and there are no copies to spread reads over. Use `replication: primary-replica` (or `multi-primary`).',
    },
  },
  check(model, context) {
    for (const db of model.ofKind('database')) {
      if (db.attrs.managed) continue;
      const standby = db.attrs.standby ?? 0;
      if (db.attrs.replicas < 2 && standby > 0 && db.attrs.replication !== 'none') {
        // A failover pair (RDS Multi-AZ): redundant, but the reads have nowhere else to go.
        context.report({
          messageId: 'standbyOnly',
          data: { name: db.name, standby, s: standby === 1 ? '' : 's' },
          target: { component: db, attribute: 'standby' },
        });
      } else if (db.attrs.replicas < 2) {
        // On what the user wrote about it: `replicas`, else `replication`, else the name.
        const attribute = db.attributeSpans.has('replicas') ? 'replicas' : 'replication';
        context.report({ messageId: 'singleNode', data: { name: db.name }, target: { component: db, attribute } });
      } else if (db.attrs.replication === 'none') {
        context.report({
          messageId: 'replicationNone',
          data: { name: db.name, replicas: db.attrs.replicas },
          target: { component: db, attribute: 'replication' },
        });
      }
    }
  },
});

/**
 * no-backup: a database or object store that holds data of its own — the application's requests
 * write to it — with no backup (`backup` not written, or `none`). Replication is not a backup: it
 * copies a mistaken delete, a bad migration or corrupted rows to every replica within seconds. Not
 * reported: a store that only receives replication (its source's backups cover it), one that says
 * it is `derived_from` another store, one nothing writes to (content deployed from elsewhere), and
 * a `managed` database whose provider backs its engine up by default (RDS, Aurora, …).
 *
 * In `archlint:strict` for now, not `archlint:recommended`: models written before `backup` existed
 * could not say they have one. Each store's in-edges are read once: linear in the size of the model.
 */
import { defineRule, providerBackups } from '../src/engine/rule.js';
import { carriesWrites, durableStoreKinds, isRequestEdge } from '../src/model/model.js';

type MessageId = 'noBackup' | 'backupNone';

const advice =
  'a mistaken delete, a bad migration or corrupted data cannot be undone, and replication copies them to every replica within seconds. Back it up somewhere the store cannot overwrite (`backup: daily, retention: 30d`, or `backup: continuous, pitr` for point-in-time recovery), and restore from it now and then to know that it works.';

export default defineRule<MessageId>({
  id: 'no-backup',
  meta: {
    serves: 'Review: backups, since replication copies deletes and corruption too.',
    description: 'A database or object store that holds data of its own has no backup: replication copies deletes and corruption too.',
    defaultSeverity: 'warning',
    recommended: false,
    messages: {
      noBackup: `\`{{name}}\` holds data {{writers}} write{{s}}, and the model gives it no \`backup\`: ${advice}`,
      backupNone: `\`{{name}}\` holds data {{writers}} write{{s}}, and says \`backup: none\`: ${advice}`,
    },
  },
  check(model, context) {
    for (const store of model.components()) {
      if (!durableStoreKinds.has(store.kind)) continue;
      const backup = store.attrs.backup;
      if (backup !== undefined && backup !== 'none') continue;
      if (store.attrs.derived_from !== undefined) continue;
      if (backup === undefined && providerBackups(store) !== undefined) continue;
      const writers = new Set<string>();
      for (const e of model.inEdges(store.name)) {
        if (!isRequestEdge(e) || !carriesWrites(e)) continue;
        const from = model.component(e.from)!;
        if (!durableStoreKinds.has(from.kind)) writers.add(from.name);
      }
      if (writers.size === 0) continue;
      const names = [...writers];
      const listed =
        names.length <= 3
          ? names.map((n) => `\`${n}\``).join(names.length === 2 ? ' and ' : ', ')
          : `${names
              .slice(0, 2)
              .map((n) => `\`${n}\``)
              .join(', ')} and ${names.length - 2} more`;
      context.report({
        messageId: backup === 'none' ? 'backupNone' : 'noBackup',
        data: { name: store.name, writers: listed, s: names.length === 1 ? 's' : '' },
        target: backup === 'none' ? { component: store, attribute: 'backup' } : { component: store },
      });
    }
  },
});

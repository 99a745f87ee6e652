import { it } from 'vitest';
import fs from 'node:fs';
import { formatDirectives } from '../../rules/lib/format/extract.js';
import { actions } from '../../rules/lib/actions.js';
import { parseDocument } from '../../server/src/parse/index.js';
import { createSourceFile } from '../../server/src/model/source.js';
it('dbg', () => {
  for (const t of fs.readFileSync('/tmp/cf/dbg.txt', 'utf8').split('\n').filter(Boolean)) {
    const doc = parseDocument(createSourceFile('/virtual/a.md', t.replace(/\\n/g, '\n') + '\n'));
    console.log('>>', t);
    for (const d of formatDirectives(doc)) console.log('   F', d.topic, d.value, d.polarity, JSON.stringify(d.conflictScope), d.only ? 'only' : '', d.loose ? 'loose' : '', d.ban ? 'ban' : '', d.bounds ? JSON.stringify(d.bounds) : '');
    for (const a of actions(doc)) console.log('   A', a.polarity, JSON.stringify(a.key), JSON.stringify(a.core), a.scope);
  }
});

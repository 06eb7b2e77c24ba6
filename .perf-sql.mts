import { randomUUID } from 'node:crypto';
import { openStore } from './plugins/core/store/store';
const store = await openStore();
const sql = store.sql;
const big = (id: string) => ({ event: { eventName: 'unit.updated', objectName: 'unit', action: 'updated', record: { id, updatedAt: new Date().toISOString(), status: 'FREE', floor: 7, number: 'ab12' }, updatedFields: ['status'], webhookId: randomUUID(), workspaceId: randomUUID(), eventDate: new Date().toISOString() }, source: 'webhook', receivedAt: new Date().toISOString() });
async function time(name: string, payload: (id: string) => unknown, n = 200) {
  const mk = (t: string) => Array.from({ length: n }, (_, ord) => { const id = randomUUID(); return { ord, kind: 'twenty.event', dedupe_key: `${t}:${id}`, payload: payload(id), max_attempts: 5, run_after: new Date().toISOString() }; });
  const f = (rows: unknown) => sql.query(`insert into realty_queue (kind, dedupe_key, payload, max_attempts, run_after, created_at) select kind, dedupe_key, payload, max_attempts, run_after, now() from jsonb_to_recordset($1::jsonb) as r(ord integer, kind text, dedupe_key text, payload jsonb, max_attempts integer, run_after timestamptz) order by ord on conflict (dedupe_key) do nothing returning dedupe_key`, [JSON.stringify(rows)]);
  for (let w = 0; w < 3; w++) await f(mk('w' + name + w));
  const ts: number[] = [];
  for (let i = 0; i < 10; i++) { const rows = mk(name + i); const t = performance.now(); await f(rows); ts.push(performance.now() - t); }
  ts.sort((a, b) => a - b); console.log(name, n, 'median ms', ts[5].toFixed(2));
}
await time('big', big);
await time('small', () => ({}));
await time('big', big, 20);
await time('big', big, 1);
const t = performance.now(); const s = JSON.stringify(Array.from({length:200},(_, i)=>big(String(i)))); console.log('stringify', (performance.now()-t).toFixed(2), s.length);
await store.close();

/**
 * A stand-in for the bank's XML_daily.asp serving the recorded files of
 * test/fixtures/cbr (windows-1251, one line, as the bank sends them; the
 * values are illustrative): `?date_req=DD/MM/YYYY` answers the file in force
 * on that date — the latest one dated on or before it, as the bank resolves
 * weekends and holidays (a Sunday gets Saturday's file). `broken` adds the
 * recorded truncated (13.03) and malformed (14.03) files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

export const CBR_FIXTURES = path.resolve(import.meta.dirname, '..', '..', 'fixtures', 'cbr');

export interface FakeCbr {
  url: string;
  requests: string[];
  broken: boolean;
  close(): Promise<void>;
}

function files(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const name of readdirSync(dir)) {
    const m = /^XML_daily_(\d{4}-\d{2}-\d{2})\.xml$/.exec(name);
    if (m) out.set(m[1] as string, readFileSync(path.join(dir, name)));
  }
  return out;
}

export async function startFakeCbr(): Promise<FakeCbr> {
  const good = files(CBR_FIXTURES);
  const bad = files(path.join(CBR_FIXTURES, 'broken'));
  const state: FakeCbr = { url: '', requests: [], broken: false, close: async () => {} };
  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(url.searchParams.get('date_req') ?? '');
    state.requests.push(url.searchParams.get('date_req') ?? '');
    if (!m) return void res.writeHead(400).end('bad date_req');
    const iso = `${m[3]}-${m[2]}-${m[1]}`;
    const all = new Map([...good, ...(state.broken ? bad : [])]);
    const date = [...all.keys()]
      .filter((d) => d <= iso)
      .sort()
      .at(-1);
    if (!date)
      return void res
        .writeHead(200, { 'content-type': 'text/xml' })
        .end(
          '<?xml version="1.0" encoding="windows-1251"?><ValCurs Date="" name="Foreign Currency Market"></ValCurs>',
        );
    res.writeHead(200, { 'content-type': 'application/xml; charset=windows-1251' }).end(all.get(date));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/scripts/XML_daily.asp`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}

/** Raw HTTP against a devhost started in-process (one per test file). */
import { after } from 'node:test';
import { type Devhost, type DevhostOptions, startDevhost } from '../../devhost/server';

export interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
  text: string;
}

export async function startTestDevhost(options: DevhostOptions = {}): Promise<Devhost> {
  const devhost = await startDevhost({
    port: 0,
    rateLimit: { shortLimit: 1_000_000, longLimit: 1_000_000 },
    ...options,
  });
  after(() => devhost.close());
  return devhost;
}

export async function call(
  devhost: Pick<Devhost, 'url' | 'apiKey'>,
  method: string,
  path: string,
  body?: unknown,
  apiKey: string | null = devhost.apiKey,
): Promise<Reply> {
  const headers: Record<string, string> = {};
  if (apiKey !== null) headers.Authorization = `Bearer ${apiKey}`;
  let payload: string | undefined;
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = typeof body === 'string' ? body : JSON.stringify(body);
  }
  const response = await fetch(`${devhost.url}${path}`, { method, headers, body: payload });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = JSON.parse(text);
  } catch {
    // not JSON: keep the text
  }
  return { status: response.status, headers: response.headers, body: parsed, text };
}

/** Reads a path like `data.createPerson.id` out of a reply body. */
export function pick<T = unknown>(body: unknown, path: string): T {
  let value: unknown = body;
  for (const key of path.split('.')) value = (value as Record<string, unknown> | null)?.[key];
  return value as T;
}

export async function objectId(devhost: Devhost, nameSingular: string): Promise<string> {
  const reply = await call(devhost, 'GET', '/rest/metadata/objects');
  const objects = pick<{ id: string; nameSingular: string }[]>(reply.body, 'data.objects');
  const found = objects.find((o) => o.nameSingular === nameSingular);
  if (!found) throw new Error(`object ${nameSingular} not found`);
  return found.id;
}

/**
 * A local node:http server that records every webhook delivery with its raw
 * body and headers (C17–C19). Each test registers its webhook at its own path,
 * so deliveries are told apart without trusting the payload.
 *
 * Against a real Twenty the receiver must be reachable from that server:
 * TWENTY_WEBHOOK_RECEIVER_URL is a public URL forwarded (tunnel) to the local
 * port TWENTY_WEBHOOK_RECEIVER_PORT (default 8787).
 */
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Delivery {
  path: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  json: unknown;
  receivedAt: number;
  /** When the receiver finished answering (after any configured delay). */
  answeredAt?: number;
}

export interface PathBehaviour {
  status?: number;
  delayMs?: number;
}

export interface WebhookReceiver {
  /** Public URL for a path, e.g. `urlFor('/c17-created')`. */
  urlFor(path: string): string;
  deliveries(path: string): Delivery[];
  behave(path: string, behaviour: PathBehaviour): void;
  close(): Promise<void>;
}

export async function startWebhookReceiver(publicBaseUrl?: string): Promise<WebhookReceiver> {
  const all: Delivery[] = [];
  const behaviours = new Map<string, PathBehaviour>();
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const rawBody = Buffer.concat(chunks).toString('utf8');
      const path = new URL(req.url ?? '/', 'http://receiver').pathname;
      let json: unknown;
      try {
        json = JSON.parse(rawBody);
      } catch {
        json = undefined;
      }
      const delivery: Delivery = { path, headers: req.headers, rawBody, json, receivedAt: Date.now() };
      all.push(delivery);
      const behaviour = behaviours.get(path) ?? {};
      setTimeout(() => {
        delivery.answeredAt = Date.now();
        res.writeHead(behaviour.status ?? 200, { 'content-type': 'application/json' });
        res.end('{"ok":true}');
      }, behaviour.delayMs ?? 0);
    });
  });
  const port = publicBaseUrl ? Number(process.env.TWENTY_WEBHOOK_RECEIVER_PORT ?? 8787) : 0;
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const base = publicBaseUrl
    ? publicBaseUrl.replace(/\/+$/, '')
    : `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    urlFor: (path) => `${base}${path}`,
    deliveries: (path) => all.filter((d) => d.path === path),
    behave: (path, behaviour) => behaviours.set(path, behaviour),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

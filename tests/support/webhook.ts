/**
 * A webhook receiver for Alertmanager notifications in integration tests: an HTTP server on a port
 * the OS assigns that keeps every notification it receives, in order. Tests wait on what arrived
 * (tests/support/until.ts), never for a time.
 *
 * @example
 *   const hook = await startWebhook();
 *   ... Alertmanager with a webhook_configs url of hook.url ...
 *   await until('the disk alert', () => hook.alerts().find((a) => a.labels.alertname === 'X'));
 *   await hook.stop();
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One alert of a notification, as Alertmanager's webhook sends it. */
export interface WebhookAlert {
  status: 'firing' | 'resolved';
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: string;
  endsAt: string;
}

/** One webhook notification (Alertmanager's payload version 4), with the path it was posted to. */
export interface Notification {
  path: string;
  /** Date.now() when it arrived. */
  receivedAt: number;
  receiver: string;
  status: 'firing' | 'resolved';
  alerts: WebhookAlert[];
}

/** A running webhook receiver. */
export interface TestWebhook {
  /** Base URL, e.g. http://127.0.0.1:41234; any path under it is accepted. */
  url: string;
  /** Every notification so far, oldest first. */
  notifications: Notification[];
  /** Every alert of every notification so far, with the receiver that got it. */
  alerts(): Array<WebhookAlert & { receiver: string; receivedAt: number }>;
  stop(): Promise<void>;
}

export async function startWebhook(): Promise<TestWebhook> {
  const notifications: Notification[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      try {
        const n = JSON.parse(body) as Omit<Notification, 'path' | 'receivedAt'>;
        notifications.push({ ...n, path: req.url ?? '/', receivedAt: Date.now() });
        res.writeHead(200).end();
      } catch {
        res.writeHead(400).end('not JSON');
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    notifications,
    alerts: () =>
      notifications.flatMap((n) => n.alerts.map((a) => ({ ...a, receiver: n.receiver, receivedAt: n.receivedAt }))),
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

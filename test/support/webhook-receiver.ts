/**
 * A real HTTP endpoint on 127.0.0.1 that records the escalation webhooks it receives, so a
 * test can count them. `status` sets the answer (e.g. 400 to test a rejected escalation).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedWebhook {
  idempotencyKey: string | undefined;
  /** The status this receiver answered with. */
  status: number;
  body: Record<string, any>;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  forEvent(eventId: string): ReceivedWebhook[];
  close(): Promise<void>;
}

export async function startWebhookReceiver(options: { status?: (body: Record<string, any>) => number } = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, any>;
      const status = options.status?.(body) ?? 204;
      received.push({ idempotencyKey: req.headers['idempotency-key'] as string | undefined, status, body });
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/escalations`,
    received,
    forEvent: (eventId) => received.filter((r) => r.body.eventId === eventId),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

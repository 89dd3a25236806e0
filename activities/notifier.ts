/**
 * Where the system's messages go — the 532 escalations and every notification of the inbox —
 * one channel for all: `log` writes a warning to the worker's log, `webhook` POSTs JSON to a URL
 * (the township's messaging gateway; 企业微信/钉钉/SMS gateways are webhook targets). Retries
 * belong to Temporal: a channel throws on failure and the activity is retried with the same
 * idempotency key, which the webhook receives as a header so it can drop duplicates.
 */
import { ApplicationFailure } from '@temporalio/common';

export interface EscalationNotice {
  eventId: string;
  stage: string;
  stageLabel: string;
  category: string;
  categoryLabel: string;
  village: string;
  location: string;
  reportedAt: string;
  dueAt: string;
  breachedAt: string;
  recipient: { officerId: string; name: string } | null;
  /** One line for a person: what was missed, where, for whom. */
  message: string;
}

/**
 * What goes out on the channel: a JSON object with its `type` (the receiver routes on it) and
 * `message`, one line a person can read; the rest is the kind's own fields.
 */
export interface ChannelMessage {
  type: string;
  message: string;
  [field: string]: unknown;
}

/** One channel for every message of the system: the 532 escalations and the inbox notifications. */
export interface NotifierChannel {
  readonly name: string;
  send(message: ChannelMessage, idempotencyKey: string): Promise<void>;
}

/** The 532 escalation's channel is the one channel (kept as a name for its callers). */
export type EscalationChannel = NotifierChannel;

export interface NotifierConfig {
  channel: 'log' | 'webhook';
  webhookUrl?: string;
  webhookTimeoutMs?: number;
  /** Officer key of the duty leader (值班领导) who receives escalations. */
  dutyLeaderKey: string;
}

export const DEFAULT_NOTIFIER_CONFIG: NotifierConfig = { channel: 'log', dutyLeaderKey: 'leader-1' };

export function logChannel(write: (line: string, message: ChannelMessage) => void): NotifierChannel {
  return {
    name: 'log',
    async send(message) {
      write(message.message, message);
    },
  };
}

export function webhookChannel(options: { url: string; timeoutMs?: number }): NotifierChannel {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    name: 'webhook',
    async send(message, idempotencyKey) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify(message),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const failure = `webhook answered ${response.status}`;
      // A 4xx other than timeout/rate limit will not get better by retrying.
      const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw permanent ? ApplicationFailure.nonRetryable(failure, 'WEBHOOK_REJECTED') : new Error(failure);
    },
  };
}

/** The configured channel (NOTIFIER_CHANNEL / its webhook URL); the worker builds it once for all activities. */
export function createNotifierChannel(config: NotifierConfig, logWrite: (line: string, message: ChannelMessage) => void): NotifierChannel {
  if (config.channel === 'webhook') {
    if (!config.webhookUrl) throw new Error('the webhook channel needs a webhook URL');
    return webhookChannel({ url: config.webhookUrl, timeoutMs: config.webhookTimeoutMs });
  }
  return logChannel(logWrite);
}

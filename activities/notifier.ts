/**
 * Where an escalation goes. The channel is pluggable: `log` writes a warning to the worker's
 * log, `webhook` POSTs JSON to a URL (e.g. the township's messaging gateway). Retries belong
 * to Temporal: a channel throws on failure and the activity is retried with the same
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

export interface EscalationChannel {
  readonly name: string;
  send(notice: EscalationNotice, idempotencyKey: string): Promise<void>;
}

export interface NotifierConfig {
  channel: 'log' | 'webhook';
  webhookUrl?: string;
  webhookTimeoutMs?: number;
  /** Officer key of the duty leader (值班领导) who receives escalations. */
  dutyLeaderKey: string;
}

export const DEFAULT_NOTIFIER_CONFIG: NotifierConfig = { channel: 'log', dutyLeaderKey: 'leader-1' };

export function logChannel(write: (line: string, notice: EscalationNotice) => void): EscalationChannel {
  return {
    name: 'log',
    async send(notice) {
      write(notice.message, notice);
    },
  };
}

export function webhookChannel(options: { url: string; timeoutMs?: number }): EscalationChannel {
  const timeoutMs = options.timeoutMs ?? 5000;
  return {
    name: 'webhook',
    async send(notice, idempotencyKey) {
      const response = await fetch(options.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
        body: JSON.stringify({ type: 'rapid-response.clock-breached', ...notice }),
        signal: AbortSignal.timeout(timeoutMs),
      });
      // Drain the body so the connection is released.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const message = `escalation webhook answered ${response.status}`;
      // A 4xx other than timeout/rate limit will not get better by retrying.
      const permanent = response.status >= 400 && response.status < 500 && ![408, 429].includes(response.status);
      throw permanent ? ApplicationFailure.nonRetryable(message, 'WEBHOOK_REJECTED') : new Error(message);
    },
  };
}

export function createEscalationChannel(
  config: NotifierConfig,
  logWrite: (line: string, notice: EscalationNotice) => void,
): EscalationChannel {
  if (config.channel === 'webhook') {
    if (!config.webhookUrl) throw new Error('the webhook escalation channel needs a webhook URL');
    return webhookChannel({ url: config.webhookUrl, timeoutMs: config.webhookTimeoutMs });
  }
  return logChannel(logWrite);
}

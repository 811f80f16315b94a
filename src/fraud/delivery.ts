/**
 * Delivery adapters for the notice outbox: a signed webhook to the partner's own system (which
 * pushes to its app), and e-mail over SMTP. Each returns normally on success and throws on a
 * failure worth retrying; the outbox decides when to try again.
 */
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import { assertPublicDestination, type OutboundPolicy, OutboundRefused } from '../http/outbound.js';
import type { NoticePayload } from './notices.js';

export interface NoticeAdapter {
  deliver(target: string, payload: NoticePayload, secret?: string): Promise<void>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    /** False when retrying cannot help (the receiver rejected the notice itself). */
    readonly retryable = true,
  ) {
    super(message);
  }
}

/** `x-koban-signature: sha256=<hex HMAC of the body>` lets the receiver check the sender. */
export function signBody(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;
}

export class WebhookAdapter implements NoticeAdapter {
  constructor(
    private readonly timeoutMs = 5_000,
    private readonly outbound: OutboundPolicy = { allowPrivate: false },
  ) {}

  async deliver(target: string, payload: NoticePayload, secret?: string): Promise<void> {
    try {
      await assertPublicDestination(target, this.outbound);
    } catch (error) {
      if (error instanceof OutboundRefused)
        throw new DeliveryError(`webhook refused: ${error.message}`, false);
      throw new DeliveryError(`webhook host does not resolve: ${(error as Error).message}`);
    }
    const body = JSON.stringify({ type: 'koban.fraud.notice', notice: payload });
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': 'Koban-Notices/1',
      'x-koban-event-id': payload.eventId,
    };
    if (secret) headers['x-koban-signature'] = signBody(secret, body);
    let response: Response;
    try {
      response = await fetch(target, {
        method: 'POST',
        headers,
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      throw new DeliveryError(`webhook unreachable: ${(error as Error).message}`);
    }
    await response.body?.cancel();
    if (response.ok) return;
    // 4xx other than 408/429 means the receiver refuses this notice: retrying will not help.
    const retryable = response.status >= 500 || response.status === 408 || response.status === 429;
    throw new DeliveryError(`webhook answered HTTP ${response.status}`, retryable);
  }
}

export interface SmtpSettings {
  /** smtp://user:pass@host:port or smtps://… */
  url: string;
  from: string;
}

export class SmtpAdapter implements NoticeAdapter {
  private readonly transport: Transporter;

  constructor(private readonly settings: SmtpSettings) {
    this.transport = nodemailer.createTransport(settings.url);
  }

  async deliver(target: string, payload: NoticePayload): Promise<void> {
    try {
      await this.transport.sendMail({
        from: this.settings.from,
        to: target,
        subject: payload.subject,
        text: payload.text,
        headers: { 'X-Koban-Event-Id': payload.eventId },
      });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx SMTP replies are permanent (unknown mailbox); 4xx and network errors are not.
      throw new DeliveryError(`smtp: ${(error as Error).message}`, !(code !== undefined && code >= 500));
    }
  }

  close(): void {
    this.transport.close();
  }
}

import { createHmac } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DeliveryError, SmtpAdapter, signBody, WebhookAdapter } from './delivery.js';
import { buildNotice } from './notices.js';
import { backoffMs } from './outbox.js';

const event = {
  id: 'e-1',
  type: 'account_link',
  occurredAt: Date.parse('2026-12-01T15:30:00Z'),
  accountId: 'acct',
  bankAccount: '0001-001-1234567',
};

describe('webhook adapter', () => {
  // The receiver runs on this machine: loopback must be allowed explicitly.
  const local = new WebhookAdapter(5_000, { allowPrivate: true });
  let server: Server;
  let url = '';
  const received: { headers: Record<string, unknown>; body: string }[] = [];
  let status = 200;

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => {
        body += c;
      });
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.statusCode = status;
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('posts the notice signed with HMAC-SHA256 of the exact body', async () => {
    const notice = buildNotice('account_link', event, 'ja', 'PayApp');
    await local.deliver(url, notice, 'secret-secret-secret');
    const got = received.at(-1);
    const expected = `sha256=${createHmac('sha256', 'secret-secret-secret')
      .update(got?.body ?? '')
      .digest('hex')}`;
    expect(got?.headers['x-koban-signature']).toBe(expected);
    expect(signBody('secret-secret-secret', got?.body ?? '')).toBe(expected);
    const parsed = JSON.parse(got?.body ?? '{}');
    expect(parsed.notice.text).toContain('2026/12/02'); // JST: 15:30Z is the next day in Tokyo
    expect(parsed.notice.text).toContain('****4567');
  });

  it('retries server errors, gives up on refusals', async () => {
    const notice = buildNotice('hold', event, 'en', 'PayApp');
    status = 503;
    await expect(local.deliver(url, notice)).rejects.toMatchObject({ retryable: true });
    status = 410;
    await expect(local.deliver(url, notice)).rejects.toMatchObject({ retryable: false });
    await expect(
      new WebhookAdapter(200, { allowPrivate: true }).deliver('http://127.0.0.1:1/none', notice),
    ).rejects.toBeInstanceOf(DeliveryError);
    // By default a webhook never reaches loopback, private or metadata addresses (SSRF).
    for (const target of [
      url,
      'http://169.254.169.254/latest/meta-data/',
      'http://10.0.0.5/hook',
      'http://[::1]/x',
    ])
      await expect(new WebhookAdapter().deliver(target, notice)).rejects.toMatchObject({ retryable: false });
    expect(backoffMs(1)).toBe(5_000);
    expect(backoffMs(4)).toBe(40_000);
    expect(backoffMs(30)).toBe(6 * 3_600_000);
  });
});

describe('SMTP adapter', () => {
  let server: SMTPServer;
  let port = 0;
  const mails: { to: string[]; data: string }[] = [];

  beforeAll(async () => {
    server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      onRcptTo(address, _session, cb) {
        if (address.address.startsWith('nobody@'))
          cb(Object.assign(new Error('no such user'), { responseCode: 550 }));
        else cb();
      },
      onData(stream, session, cb) {
        let data = '';
        stream.on('data', (c) => {
          data += c;
        });
        stream.on('end', () => {
          mails.push({ to: session.envelope.rcptTo.map((r) => r.address), data });
          cb();
        });
      },
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.server.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('sends the notice in the holder’s language and treats an unknown mailbox as permanent', async () => {
    const smtp = new SmtpAdapter({
      url: `smtp://127.0.0.1:${port}?ignoreTLS=true`,
      from: 'PayApp <noreply@payapp.example>',
    });
    await smtp.deliver('holder@example.jp', buildNotice('account_link', event, 'ja', 'PayApp'));
    expect(mails.at(-1)?.to).toEqual(['holder@example.jp']);
    expect(mails.at(-1)?.data).toMatch(/^X-Koban-Event-ID: e-1$/im);
    await expect(
      smtp.deliver('nobody@example.jp', buildNotice('deny', event, 'en', 'PayApp')),
    ).rejects.toMatchObject({ retryable: false });
    smtp.close();
  });
});

import { describe, expect, it } from 'vitest';
import { assertPublicDestination, OutboundRefused } from './outbound.js';

const strict = { allowPrivate: false };

describe('assertPublicDestination', () => {
  it('refuses loopback, private, link-local (cloud metadata) and reserved targets', async () => {
    for (const url of [
      'http://127.0.0.1/x',
      'http://localhost:8080/hook',
      'https://api.localhost/',
      'http://10.1.2.3/',
      'http://192.168.0.10/',
      'http://172.16.5.4/',
      'http://169.254.169.254/latest/meta-data/',
      'http://100.64.0.1/',
      'http://[::1]/',
      'http://[fc00::1]/',
      'http://[fe80::1]/',
      'http://0.0.0.0/',
    ]) {
      await expect(assertPublicDestination(url, strict), url).rejects.toBeInstanceOf(OutboundRefused);
    }
  });

  it('allows public literal addresses, and names without resolving when asked to', async () => {
    await expect(assertPublicDestination('https://203.0.114.10/hook', strict)).resolves.toBeUndefined();
    await expect(
      assertPublicDestination('https://hooks.payapp.example/koban', strict, { resolve: false }),
    ).resolves.toBeUndefined();
    await expect(assertPublicDestination('ftp://203.0.114.10/', strict)).rejects.toBeInstanceOf(
      OutboundRefused,
    );
    await expect(
      assertPublicDestination('http://127.0.0.1/', { allowPrivate: true }),
    ).resolves.toBeUndefined();
  });
});

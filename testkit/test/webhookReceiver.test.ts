import { startWebhookReceiver } from '../src/webhookReceiver.ts';

describe('startWebhookReceiver', () => {
  it('records JSON notifications by path and rejects bodies that are not JSON', async () => {
    const receiver = await startWebhookReceiver();
    try {
      const payload = { version: '4', status: 'firing', receiver: 'page', alerts: [] };
      const ok = await fetch(`${receiver.url}/page`, { method: 'POST', body: JSON.stringify(payload) });
      expect(ok.status).toBe(200);
      const bad = await fetch(`${receiver.url}/page`, { method: 'POST', body: 'not json' });
      expect(bad.status).toBe(400);
      const n = await receiver.waitFor((x) => x.path === '/page', { timeoutMs: 5000 });
      expect(n.payload).toEqual(payload);
      expect(receiver.notifications).toHaveLength(1);
      await expect(receiver.waitFor((x) => x.path === '/other', { timeoutMs: 200 })).rejects.toThrow(
        /timed out after 200 ms waiting for a webhook notification/
      );
    } finally {
      await receiver.stop();
    }
  });
});

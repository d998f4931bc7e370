// Service-worker restarts lose nothing: a stopped worker is woken by the
// navigation event itself, loads the engine again, and still decides.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closePage, go, stopServiceWorker, useExtension, waitForWarning } from './harness.mjs';

describe('service-worker restart (Chromium)', () => {
  const env = useExtension();

  for (const [what, url, kind] of [
    ['a listed page', `http://blocked.turnback.test/cold/${Date.now()}.html`, 'page'],
    ['a search', `https://www.google.com/search?q=zorblax&cold=${Date.now()}`, 'search'],
  ]) {
    test(`after the worker is stopped, ${what} still ends on the warning page`, async () => {
      const page = await env.ext.context.newPage();
      await page.goto(env.server.page('<p>start</p>'));
      const worker = env.ext.context.serviceWorkers()[0];
      await worker.evaluate(() => {
        globalThis.turnbackTestMarker = true;
      });
      await stopServiceWorker(env.ext.context, page);
      await go(page, url);
      const params = await waitForWarning(page, env.ext.warningPrefix);
      assert.equal(params.get('kind'), kind);
      // The warning page's texts came from the restarted worker's engine.
      await page.waitForFunction(() => document.getElementById('help')?.hidden === false);
      const fresh = env.ext.context.serviceWorkers()[0];
      assert.equal(await fresh.evaluate(() => globalThis.turnbackTestMarker), undefined, 'the worker really restarted');
      await closePage(page);
    });
  }
});

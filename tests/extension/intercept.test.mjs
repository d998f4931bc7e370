// Main-frame navigations to listed URLs end on the warning page; benign ones do not.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { go, launchExtension, startServer, until, waitForWarning } from './harness.mjs';

describe('interception (Chromium)', () => {
  let server;
  let ext;
  before(async () => {
    server = await startServer();
    ext = await launchExtension(server);
  });
  after(async () => {
    await ext?.close();
    await server?.close();
  });

  test('a typed URL on a listed host ends on the warning page, kind=page', async () => {
    const page = await ext.context.newPage();
    await go(page, 'http://blocked.turnback.test/typed/one.html');
    const params = await waitForWarning(page, ext.warningPrefix);
    assert.equal(params.get('kind'), 'page');
    assert.deepEqual([...params.keys()].sort(), ['category', 'kind']);
    await page.close();
  });

  test('a benign page loads and stays', async () => {
    const url = server.page('<!doctype html><title>ok</title><h1 id="ok">benign</h1>', 'www.turnback.test');
    const page = await ext.context.newPage();
    await page.goto(url);
    await page.waitForSelector('#ok');
    await new Promise((ok) => setTimeout(ok, 500));
    assert.equal(page.url(), url);
    await page.close();
  });
});

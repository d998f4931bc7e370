// Sub-frames: a listed URL in an iframe, at load or navigated to later, is
// replaced by the warning page in that frame; the embedding page stays.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { until, useExtension } from './harness.mjs';

let n = 0;
const listed = () => `http://www.turnback.test/blocked/frame-${Date.now()}-${++n}.html`;

describe('sub-frames (Chromium)', () => {
  const env = useExtension();

  /** The frame showing the warning page, once there is one. */
  const warningFrame = (page) =>
    until(() => page.frames().find((f) => f !== page.mainFrame() && f.url().startsWith(env.ext.warningPrefix)), 'a framed warning');

  test('an iframe with a listed src shows the warning; the page around it stays', async () => {
    const url = listed();
    const page = await env.ext.context.newPage();
    const host = env.server.page(`<h1 id="host">embedding page</h1><iframe src="${url}"></iframe>`, 'news.turnback.test');
    await page.goto(host).catch(() => {});
    await warningFrame(page);
    assert.equal(page.url(), host);
    assert.ok(await page.isVisible('#host'));
    await page.close();
  });

  test('an iframe navigated to a listed URL later shows the warning', async () => {
    const url = listed();
    const page = await env.ext.context.newPage();
    const host = env.server.page(
      `<h1 id="host">embedding page</h1><iframe id="f" src="about:blank"></iframe>
       <button id="go" onclick="document.getElementById('f').src='${url}'">go</button>`,
      'news.turnback.test',
    );
    await page.goto(host);
    await page.click('#go');
    await warningFrame(page);
    assert.equal(page.url(), host);
    await page.close();
  });
});

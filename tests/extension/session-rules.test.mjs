// The exact-URL rules hold a stopped URL in plaintext (dnr.js), and session
// rules outlive "clear browsing data": each lives a few minutes only. A rule
// records its deadline (its id and time, no URL) where a restarted worker
// finds it; this test moves a rule's recorded deadline close, stops the
// worker (what Chromium does to an idle one) and sees the restarted worker
// remove that rule when it is due, and one already past at once. (The
// no-rule-under-blocking case is policy.test.mjs's and
// tests/firefox/navigation.test.mjs's.)

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { closePage, go, stopServiceWorker, until, useExtension, warningShown } from './harness.mjs';

/** The exact-URL redirect rules in force, as { id, urlFilter }. */
const urlRules = (ext) =>
  ext.worker.evaluate(async () =>
    (await chrome.declarativeNetRequest.getSessionRules())
      .filter((r) => r.action.type === 'redirect')
      .map((r) => ({ id: r.id, urlFilter: r.condition.urlFilter })),
  );

describe('exact-URL rules expire (Chromium)', () => {
  const env = useExtension();

  test('each rule records a deadline within minutes; a restarted worker removes the rules when due', async () => {
    const page = await env.ext.context.newPage();
    const urls = ['soon', 'past'].map((w) => `http://blocked.turnback.test/expiry/${w}-${Date.now()}.html`);
    for (const url of urls) {
      await go(page, url);
      // The warning page itself, whose message to the worker must not
      // come after the worker is stopped below.
      await warningShown(page, env.ext.warningPrefix);
    }
    const ruleOf = async (url) => (await urlRules(env.ext)).find((r) => r.urlFilter === `|${url}|`);
    const [soon, past] = [await until(() => ruleOf(urls[0]), 'the first rule'), await until(() => ruleOf(urls[1]), 'the second rule')];

    const deadlines = () => env.ext.worker.evaluate(async () => (await chrome.storage.session.get('urlRuleDeadlines')).urlRuleDeadlines ?? {});
    const recorded = await until(async () => {
      const d = await deadlines();
      return d[soon.id] && d[past.id] && d;
    }, 'both deadlines recorded').catch(() => ({}));
    const now = Date.now();
    for (const rule of [soon, past]) {
      assert.ok(recorded[rule.id] > now, 'a deadline is recorded for each rule');
      assert.ok(recorded[rule.id] <= now + 5 * 60_000, 'and it is at most 5 minutes away');
    }
    const alarm = await env.ext.worker.evaluate(() => chrome.alarms.get('turnback-url-rules'));
    assert.ok(alarm && alarm.scheduledTime <= now + 5 * 60_000, 'an alarm wakes a stopped worker for the earliest');

    // Move the deadlines (one a second away, one past), then a fresh worker.
    await env.ext.worker.evaluate(
      ({ soonId, pastId }) =>
        chrome.storage.session.get('urlRuleDeadlines').then(({ urlRuleDeadlines: d }) =>
          chrome.storage.session.set({ urlRuleDeadlines: { ...d, [soonId]: Date.now() + 1000, [pastId]: Date.now() - 1 } }),
        ),
      { soonId: soon.id, pastId: past.id },
    );
    await stopServiceWorker(env.ext.context, page);
    await page.goto(env.server.page('<p>wakes the worker</p>'));
    const worker = await until(() => env.ext.context.serviceWorkers().find((w) => w.url().includes(env.ext.extensionId)), 'the worker again');
    const left = () =>
      worker.evaluate(async () => (await chrome.declarativeNetRequest.getSessionRules()).filter((r) => r.action.type === 'redirect').map((r) => r.condition.urlFilter));
    await until(async () => !(await left()).includes(`|${urls[0]}|`) && !(await left()).includes(`|${urls[1]}|`), 'both rules removed', 20_000).catch(() => {});
    assert.deepEqual((await left()).filter((f) => urls.some((u) => f === `|${u}|`)), [], 'no rule outlives its deadline');
    await closePage(page);
  });
});

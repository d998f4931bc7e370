// Firefox: over many navigations to listed pages no listed page is ever
// requested or run (its beacon never arrives), and nothing the browser sends
// (the extension included: every request goes through the recording proxy)
// carries a visited URL or query beyond the benign navigations themselves.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { hostPath, launchFirefox, nonce, settle, until, waitForWarning } from './harness.mjs';

let ff;
before(async () => {
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
});

/** Listed URLs of six kinds, each with its own token. */
const SHAPES = [
  (n) => `http://blocked.turnback.test/${n}.html`,
  (n) => `http://cdn.blocked.turnback.test/img/${n}.jpg?s=${n}`,
  (n) => `http://www.turnback.test/blocked/${n}/`,
  (n) => `http://www.google.com/search?q=blocked+demo+term+${n}`,
  (n) => `http://www.bing.com/search?q=quibbleflux+video+${n}`,
  (n) => `http://duckduckgo.com/?q=zorblax+${n}&ia=web`,
];

test('36 listed navigations: none requested, none ran, none leaked; benign ones sent once each', async () => {
  const listed = Array.from({ length: 36 }, (_, i) => {
    const n = nonce('p');
    return { n, url: SHAPES[i % SHAPES.length](n) };
  });
  const benign = [nonce('b'), nonce('b')];
  const benignUrls = [`http://www.turnback.test/open/?v=${benign[0]}`, `http://www.google.com/search?q=weather+${benign[1]}`];

  for (const { url } of listed) {
    await ff.driver.get(url);
    await waitForWarning(ff.driver);
  }
  for (const url of benignUrls) {
    await ff.driver.get(url);
    assert.equal(await ff.driver.getCurrentUrl(), url);
  }
  // Each benign page ran and sent its beacons (img, script): a listed page
  // that ran would have been seen the same way. No other page sent any.
  const from = (url) => ff.server.beaconsFrom(hostPath(url));
  for (const url of benignUrls) {
    await until(() => new Set(from(url).map((r) => new URL(r.url).searchParams.get('via'))).size === 2, `the beacons of ${url}`);
  }
  await settle(300);
  assert.equal(ff.server.beacons().length, from(benignUrls[0]).length + from(benignUrls[1]).length, 'a listed page ran');

  // No request of any kind, to any host, holds a listed navigation's token:
  // neither the navigation itself nor anything the extension sent about it.
  for (const { n, url } of listed) {
    assert.deepEqual(
      ff.server.requests.filter((r) => r.url.includes(n)).map((r) => r.url),
      [],
      `a request carried ${url}`,
    );
  }
  // A benign navigation's token went out once, in the navigation itself
  // (the beacons its page sent name the page and are left aside).
  benign.forEach((n, i) => {
    const carrying = ff.server.requests.filter((r) => r.url.includes(n) && !r.path.startsWith('/beacon'));
    assert.deepEqual(
      carrying.map((r) => r.url),
      [benignUrls[i]],
      'a benign navigation was sent more than once or elsewhere',
    );
  });
});

test('the browser sent nothing but the test navigations and their pages', async () => {
  // Everything recorded in this file's browser: a request to a host no test
  // visited would be the extension (or Firefox) calling out.
  const hosts = new Set(ff.server.requests.map((r) => r.host));
  const visited = ['blocked.turnback.test', 'www.turnback.test', 'www.google.com'];
  assert.deepEqual(
    [...hosts].filter((h) => !visited.includes(h)),
    [],
    `requests to other hosts: ${[...new Set(ff.server.requests.filter((r) => !visited.includes(r.host)).map((r) => r.url))].join(' ')}`,
  );
});

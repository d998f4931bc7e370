// Firefox: every way of reaching a listed page or running a listed search
// ends on the extension's warning page and the listed request is never sent
// (blocking webRequest); benign pages and searches load untouched.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { By } from 'selenium-webdriver';
import { ADDON_ID, DIST, hostPath, isWarning, launchFirefox, nonce, REPO, settle, until, waitForWarning } from './harness.mjs';

const MESSAGES = JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8'));

let ff;
before(async () => {
  ff = await launchFirefox();
});
after(async () => {
  await ff?.close();
});

/**
 * Runs `go`, then proves the tab shows the warning page (of `kind`) and that
 * no request for `target` (a URL, or a URL prefix) reached the server, so the
 * listed page never ran either.
 */
async function expectStopped(target, go, kind = 'page') {
  await go();
  const params = await waitForWarning(ff.driver);
  assert.equal(params.get('kind'), kind);
  assert.ok(!(await ff.driver.getCurrentUrl()).includes(hostPath(target)), 'the warning URL carries the stopped URL');
  await settle(200);
  assert.deepEqual(ff.server.requestsTo(hostPath(target)), [], 'the listed request was sent');
  assert.deepEqual(ff.server.beaconsFrom(hostPath(target)), [], 'the listed page ran');
}

/** Opens a fixture page served on a benign host. */
const open = (html) => ff.driver.get(ff.server.page(html, 'www.turnback.test'));

describe('typed navigation (WebDriver get)', () => {
  test('a URL under a listed host', async () => {
    const url = `http://blocked.turnback.test/${nonce()}.html?x=1`;
    await expectStopped(url, () => ff.driver.get(url));
  });

  test('a URL on a subdomain of a listed host', async () => {
    const url = `http://a.b.blocked.turnback.test/${nonce()}`;
    await expectStopped(url, () => ff.driver.get(url));
  });

  test('a URL under a listed path prefix', async () => {
    const url = `http://www.turnback.test/blocked/${nonce()}/index.html`;
    await expectStopped(url, () => ff.driver.get(url));
  });

  test('an https URL under a listed host', async () => {
    const url = `https://blocked.turnback.test/${nonce()}`;
    await expectStopped(url, () => ff.driver.get(url));
  });
});

describe('navigations a page starts', () => {
  test('a link click', async () => {
    const url = `http://blocked.turnback.test/link/${nonce()}`;
    await open(`<a id="go" href="${url}">next</a>`);
    await expectStopped(url, () => ff.driver.findElement(By.id('go')).click());
  });

  test('a location change by script', async () => {
    const url = `http://www.turnback.test/blocked/location/${nonce()}`;
    await open(`<button id="go" onclick="location.href='${url}'">go</button>`);
    await expectStopped(url, () => ff.driver.findElement(By.id('go')).click());
  });

  test('a GET form submitting a listed search', async () => {
    await open(
      '<form method="get" action="http://www.google.com/search"><input id="q" name="q"><button id="go">search</button></form>',
    );
    await ff.driver.findElement(By.id('q')).sendKeys(`blocked demo term ${nonce()}`);
    await expectStopped('http://www.google.com/search', () => ff.driver.findElement(By.id('go')).click(), 'search');
  });

  test('a link opening a new tab (target=_blank)', async () => {
    const url = `http://blocked.turnback.test/blank/${nonce()}`;
    await open(`<a id="go" target="_blank" href="${url}">next</a>`);
    const opener = await ff.driver.getWindowHandle();
    const before = await ff.driver.getAllWindowHandles();
    await expectStopped(url, async () => {
      await ff.driver.findElement(By.id('go')).click();
      const tab = await until(
        async () => (await ff.driver.getAllWindowHandles()).find((h) => !before.includes(h)),
        'the new tab',
      );
      await ff.driver.switchTo().window(tab);
    });
    await ff.driver.close();
    await ff.driver.switchTo().window(opener);
  });

  test('back and forward to a stopped URL', async () => {
    const first = `http://www.turnback.test/open/${nonce()}`;
    const url = `http://blocked.turnback.test/history/${nonce()}`;
    await ff.driver.get(first);
    await expectStopped(url, () => ff.driver.get(url));
    await ff.driver.navigate().back();
    await until(async () => (await ff.driver.getCurrentUrl()) === first, 'back to the first page');
    await expectStopped(url, () => ff.driver.navigate().forward());
  });

  test('a server redirect (302) to a listed URL', async () => {
    const url = `http://blocked.turnback.test/redirect/${nonce()}`;
    const hop = ff.server.redirect(url, 'www.turnback.test');
    await expectStopped(url, () => ff.driver.get(hop));
    assert.equal(ff.server.requestsTo(hostPath(hop)).length, 1, 'the benign hop itself was requested');
  });
});

describe('searches', () => {
  // Engine URL shapes from src/search/sites.txt on the engines' own host
  // names, all answered by the loopback server through the proxy.
  const shapes = {
    google: (t) => `http://www.google.com/search?q=${t}`,
    bing: (t) => `http://www.bing.com/search?q=${t}&form=QBLH`,
    duckduckgo: (t) => `http://duckduckgo.com/?q=${t}&ia=images`,
    yahoo: (t) => `http://search.yahoo.com/search?p=${t}`,
    yandex: (t) => `http://yandex.ru/search/?text=${t}`,
  };
  for (const [engine, shape] of Object.entries(shapes)) {
    test(`a listed search on ${engine}`, async () => {
      const url = shape(`zorblax+${nonce()}`);
      await expectStopped(url, () => ff.driver.get(url), 'search');
    });
  }

  test('a search made with history.pushState', async () => {
    const spa = ff.server.page(
      `<button id="go" onclick="history.pushState({}, '', '/search?q=zorblax+${nonce()}')">search</button>`,
      'www.bing.com',
    );
    await ff.driver.get(spa);
    // pushState sends no request: the warning page is the whole proof here.
    await expectStopped('www.bing.com/search', () => ff.driver.findElement(By.id('go')).click(), 'search');
  });

  test('a benign search loads untouched', async () => {
    const url = shapes.google(`weather+${nonce()}`);
    await ff.driver.get(url);
    assert.equal(await ff.driver.getCurrentUrl(), url);
    assert.equal(ff.server.requestsTo(hostPath(url)).length, 1);
  });
});

test('a benign page loads untouched and runs (its beacon arrives)', async () => {
  // The beacon is how the other tests know a listed page never ran, so it
  // must arrive from a page that does run.
  const url = `http://www.turnback.test/open/${nonce()}.html`;
  await ff.driver.get(url);
  assert.equal(await ff.driver.getCurrentUrl(), url);
  assert.equal(ff.server.requestsTo(hostPath(url)).length, 1);
  await until(() => {
    const via = new Set(ff.server.beaconsFrom(hostPath(url)).map((r) => new URL(r.url).searchParams.get('via')));
    return via.has('img') && via.has('script');
  }, 'the benign page beacons (img and script)');
});

test('a sub-frame navigating to a listed URL shows the warning page inside the frame', async () => {
  const url = `http://blocked.turnback.test/frame/${nonce()}`;
  const page = ff.server.page(`<p>outer</p><iframe id="frame" src="${url}"></iframe>`, 'www.turnback.test');
  await ff.driver.get(page);
  assert.equal(await ff.driver.getCurrentUrl(), page, 'the benign top-level page stays');
  await ff.driver.switchTo().frame(await ff.driver.findElement(By.id('frame')));
  try {
    const inner = await until(async () => {
      const href = await ff.driver.executeScript('return location.href');
      return href !== 'about:blank' && href;
    }, 'the frame to navigate');
    assert.ok(inner.startsWith('moz-extension://') && new URL(inner).pathname === '/pages/warning.html', inner);
    // The framed page shows the list's texts and help links, not only its URL.
    const shown = await until(
      () =>
        ff.driver.executeScript(`return document.documentElement.dataset.source === 'list' && {
          h1: document.querySelector('h1').textContent,
          links: [...document.querySelectorAll('#resources a')].map((a) => a.href) }`),
      "the list's texts in the frame",
    );
    assert.equal(shown.h1, MESSAGES.en.title_page);
    assert.ok(shown.links.length > 0, 'help links in the frame');
    for (const href of shown.links) assert.match(href, /^(https:|tel:)/);
  } finally {
    await ff.driver.switchTo().defaultContent();
  }
  await settle(200);
  assert.deepEqual(ff.server.requestsTo(hostPath(url)), [], 'the listed frame request was sent');
  assert.deepEqual(ff.server.beaconsFrom(hostPath(url)), [], 'the listed page ran in the frame');
});

/** The location of the frame `id` once it has left about:blank. */
async function frameLocation(id) {
  await ff.driver.switchTo().frame(await ff.driver.findElement(By.id(id)));
  try {
    return await until(async () => {
      const href = await ff.driver.executeScript('return location.href');
      return href !== 'about:blank' && href;
    }, 'the frame to navigate');
  } finally {
    await ff.driver.switchTo().defaultContent();
  }
}

test('framing is no oracle: a cross-site frame of an unknown site with a listed term in its query loads; a known search site is still stopped', async () => {
  // Any page can put ?q= on a URL it frames: the frame's only hit is the
  // generic search text of an unknown site, so it is not acted on.
  const unknown = `http://other.turnback.example/?q=zorblax&n=${nonce()}`;
  const known = `https://www.bing.com/search?q=zorblax&n=${nonce()}`;
  const page = ff.server.page(
    `<p>outer</p><iframe id="unknown" src="${unknown}"></iframe><iframe id="known" src="${known}"></iframe>`,
    'probe.turnback.test',
  );
  await ff.driver.get(page);
  assert.equal(await frameLocation('unknown'), unknown);
  assert.ok(isWarning(await frameLocation('known')), 'a known search site in a frame is stopped');
  await until(() => ff.server.beaconsFrom(hostPath(unknown)).length > 0, 'the unknown site to run in its frame');
  assert.deepEqual(ff.server.requestsTo(hostPath(known)), [], 'the known search site was requested');
});

test(
  'the first stop after the add-on starts leaves the next page in that tab working',
  async () => {
    // Restart the add-on, stop the first listed URL, then at once load a
    // benign page in the same tab: its image and script must load.
    await ff.driver.uninstallAddon(ADDON_ID);
    await ff.driver.installAddon(DIST, true);
    let tries = 0;
    await until(
      async () => {
        await ff.driver.get(`http://blocked.turnback.test/restart/${nonce()}-${++tries}`);
        return isWarning(await ff.driver.getCurrentUrl());
      },
      'the restarted add-on',
      20_000,
      100,
    );
    const url = `http://www.turnback.test/open/${nonce()}.html`;
    await ff.driver.get(url);
    await until(() => ff.server.beaconsFrom(hostPath(url)).length >= 2, 'the benign page beacons', 3_000);
  },
);

test('no session rule holds a stopped URL: blocking webRequest stops every request itself', async () => {
  // A listed page, a listed search and a pushState search, each stopped;
  // then the extension's own view of its session rules, from its warning page.
  const url = `http://blocked.turnback.test/norule/${nonce()}.html`;
  await expectStopped(url, () => ff.driver.get(url));
  await expectStopped('www.google.com/search?q=zorblax', () => ff.driver.get(`https://www.google.com/search?q=zorblax+${nonce()}`), 'search');
  await open(`<button id="go" onclick="history.pushState({}, '', '/search?q=zorblax+${nonce()}')">go</button>`);
  await ff.driver.findElement(By.id('go')).click();
  await waitForWarning(ff.driver);
  const filters = await ff.driver.executeAsyncScript(`
    const done = arguments[arguments.length - 1];
    const api = window.wrappedJSObject?.browser ?? window.browser;
    api.declarativeNetRequest.getSessionRules().then(
      (rules) => done(rules.filter((r) => r.condition.urlFilter).map((r) => r.condition.urlFilter)),
      (err) => done({ error: String(err) }),
    );
  `);
  assert.deepEqual(filters, []);
});

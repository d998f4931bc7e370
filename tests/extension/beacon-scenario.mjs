// The beacon scenario shared by beacon.test.mjs (asserts) and
// benches/extension/beacon-race.mjs (measures): navigations to listed pages
// that request a beacon as soon as they run. Not a test file itself.

import { closePage, go, settle, waitForWarning } from './harness.mjs';

const hostPath = (url) => url.replace(/^https?:\/\//, '');

/** 4 × `per` distinct listed URLs over the demo list's kinds of entry. */
export function distinctUrls(run, per = 20) {
  const urls = [];
  for (let i = 0; i < per; i++) {
    urls.push(`http://blocked.turnback.test/b/${run}/${i}.html`); // host entry
    urls.push(`https://cdn${i}.blocked.turnback.test/img/${run}.html?i=${i}`); // subdomain of a host entry
    urls.push(`http://www.turnback.test/blocked/${run}/${i}/`); // path-prefix entry
    urls.push(`https://media.turnback.test/gallery/blocked-set/${run}-${i}.html`); // deeper path prefix
  }
  return urls;
}

/**
 * Visits every distinct URL once (every fourth by a link click from a benign
 * page, the rest typed), then all of them again `visits - 1` times (typed),
 * each until the warning page shows.
 * @returns {Promise<{ navigations: number, firstVisits: number, beacons: object[], ranPages: string[],
 *   ranOnRepeat: string[], firstVisitsReachingServer: number, repeatRequests: string[] }>}
 */
export async function runBeaconScenario(ext, server, { per = 20, visits = 1 } = {}) {
  const run = Date.now().toString(36);
  const distinct = distinctUrls(run, per);
  const page = await ext.context.newPage();
  const linkPage = await ext.context.newPage();
  let navigations = 0;
  for (const [i, url] of distinct.entries()) {
    if (i % 4 === 3) {
      await linkPage.goto(server.page(`<a id="go" href="${url}">next</a>`));
      await linkPage.click('#go');
      await waitForWarning(linkPage, ext.warningPrefix);
    } else {
      await go(page, url);
      await waitForWarning(page, ext.warningPrefix);
    }
    navigations++;
  }
  const mark = server.requests.length;
  for (let v = 1; v < visits; v++) {
    for (const url of distinct) {
      await go(page, url);
      await waitForWarning(page, ext.warningPrefix);
      navigations++;
    }
  }
  await settle(1000); // room for any late beacon
  await closePage(page);
  await closePage(linkPage);
  const isBeacon = (r) => r.path.startsWith('/beacon');
  const beacons = server.requests.filter(isBeacon);
  const from = (b) => `${b.host}${new URL(b.url).searchParams.get('from')}`;
  return {
    navigations,
    firstVisits: distinct.length,
    beacons,
    ranPages: [...new Set(beacons.map(from))],
    /** Pages that ran during the repeat visits (a late beacon of a first visit would count here too). */
    ranOnRepeat: [...new Set(server.requests.slice(mark).filter(isBeacon).map(from))],
    firstVisitsReachingServer: distinct.filter((u) => server.requestsTo(hostPath(u)).length > 0).length,
    repeatRequests: server.requests
      .slice(mark)
      .filter((r) => distinct.some((u) => hostPath(u) === `${r.host}${r.path}`))
      .map((r) => `${r.host}${r.path}`),
  };
}

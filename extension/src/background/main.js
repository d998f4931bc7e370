// Worker entry. MV3 rule: every listener is registered synchronously at the
// top level, so a worker woken by an event finds its listener; each handler
// then awaits the engine (intercept.js) before deciding.

import { api } from '../shared/browser.js';
import { errorMessage } from '../shared/errors.js';
import { MSG, isMessage } from '../shared/protocol.js';
import { currentSource, engineReady, setFailMode, startEngine, swapEngine } from './engine.js';
import { checkFrame, onBeforeRequestBlocking, onNavigation } from './intercept.js';
import { URL_RULES_ALARM, expireUrlRules, installStartupBlock, prepareRules, releaseHolds } from './dnr.js';
import { noteDocument, openWhenReady } from './startup.js';
import { closeTab, isWarningUrl } from './tabs.js';
import { blockingGranted, declaresBlocking } from './blocking.js';
import { forgetStopped } from './history.js';
import { claimToken } from './tokens.js';
import { mainCountry } from '../shared/locale.js';
import { onMainFrameCommitted, onTabRemoved, onWarningEntryBlocked, WARNING_ENTRY_FILTER } from './warning-entry.js';
import { createWorkerLists } from './lists/index.js';

const WEB = { urls: ['http://*/*', 'https://*/*'] };
/** @type {('main_frame' | 'sub_frame')[]} */
const FRAME_TYPES = ['main_frame', 'sub_frame'];
const FRAMES = { ...WEB, types: FRAME_TYPES };
// Blocking webRequest lets the request itself wait for the verdict, so a
// listed page is never requested, first visit included (blocking.js: which
// installs are granted it). Both ways are registered at the top level, as
// MV3 requires; the permission actually granted decides which way acts.
// Chromium starts the worker only after the first tabs have loaded: the
// startup block (startup.js) covers that, whether or not blocking is granted
// there. Firefox holds those requests for its blocking listener itself.
const chromium = !api.runtime.getURL('').startsWith('moz-extension:');

/**
 * Runs a handler without letting a failure become an unhandled rejection.
 * @template {unknown[]} A the event's arguments
 * @param {(...args: A) => Promise<unknown>} handler
 * @returns {(...args: A) => void}
 */
const quietly = (handler) => (...args) => {
  handler(...args).catch((err) => console.warn('turnback:', errorMessage(err)));
};

/**
 * A navigation handler for the browsers that cannot hold the request.
 * @template T the event's details
 * @param {(details: T) => Promise<void>} handler
 * @returns {(details: T) => Promise<void>}
 */
const unlessBlocking = (handler) => async (details) => {
  if (!(await blockingGranted)) await handler(details);
};

/**
 * Holds a request for the verdict (blocking webRequest). The promise is the
 * answer on both browsers (Chromium's policy installs included:
 * tests/extension/policy.test.mjs); @types/chrome only declares an answer
 * returned at once, so types/chromium.d.ts adds the asynchronous listener.
 * @param {{ url: string, tabId: number, frameId: number }} details
 * @returns {Promise<{ redirectUrl?: string }>}
 */
async function holdForVerdict(details) {
  return (await blockingGranted) ? onBeforeRequestBlocking(details) : {};
}

const HTTP = { url: [{ schemes: ['http', 'https'] }] };
if (declaresBlocking) {
  // The request waits for the verdict, redirects included.
  api.webRequest.onBeforeRequest.addListener(holdForVerdict, FRAMES, ['blocking']);
}
// Otherwise act as the navigation starts, and on each server redirect.
api.webNavigation.onBeforeNavigate.addListener((details) => {
  if (chromium) openWhenReady(); // a startup block that failed to lift is retried
  quietly(unlessBlocking(onNavigation))(details);
}, HTTP);
api.webRequest.onBeforeRedirect.addListener(quietly(unlessBlocking(onNavigation)), FRAMES);
// Both: a single-page app changing its URL makes no request.
api.webNavigation.onHistoryStateUpdated.addListener(quietly(onNavigation), HTTP);
// Both: the warning page and a listed URL never stay in the browser's history.
api.history.onVisited.addListener(quietly(forgetStopped));
// Both: an exact-URL rule past its lifetime goes, even if the worker had stopped.
api.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === URL_RULES_ALARM) quietly(expireUrlRules)();
});
if (chromium) {
  // Back/forward to an entry rewritten in place to the warning page (see warning-entry.js).
  api.webNavigation.onErrorOccurred.addListener(quietly(onWarningEntryBlocked), WARNING_ENTRY_FILTER);
  api.webNavigation.onCommitted.addListener(onMainFrameCommitted);
  api.tabs.onRemoved.addListener(onTabRemoved);
}

// The engine owner and the list machinery, each handed the other's side.
const lists = createWorkerLists({ engineReady, swapEngine, currentSource, setFailMode });

/**
 * Answers the warning page, the content script and the options page; only
 * well-formed messages (protocol.js) from this extension, each from the
 * sender it is meant for.
 * @param {unknown} msg
 * @param {import('../shared/protocol.js').Sender} sender
 * @returns {Promise<unknown> | undefined} the reply (protocol.js `ReplyTo`), undefined: no answer
 */
function route(msg, sender) {
  if (sender.id !== api.runtime.id || !isMessage(msg)) return undefined;
  const fromWarning = isWarningUrl(sender.url);
  switch (msg.type) {
    case MSG.checkFrame:
      if (chromium) noteDocument(sender, msg.url); // ran under the startup block?
      return checkFrame(msg, sender);
    case MSG.getPrevention:
      return fromWarning ? prevention(msg, sender) : undefined;
    case MSG.closeTab:
      return fromWarning && sender.tab?.id !== undefined ? closeTab(sender.tab.id).then(() => ({})) : undefined;
    case MSG.getStatus:
    case MSG.saveSettings:
    case MSG.updateNow:
      return lists.handleListMessage(msg, sender);
    default:
      return undefined;
  }
}

/**
 * A warning page has loaded. Only one this worker opened (its URL's token,
 * tokens.js) gets the list's texts and lifts the holds made for it; a copy
 * some site framed, or a page reopened after its token expired, gets
 * `untrusted` and lifts nothing.
 * @param {import('../shared/protocol.js').GetPreventionMessage} msg
 * @param {import('../shared/protocol.js').Sender} sender
 * @returns {Promise<import('../shared/protocol.js').GetPreventionReply>}
 */
async function prevention(msg, sender) {
  const holds = await claimToken(msg.token);
  if (holds === null) return { untrusted: true };
  if (sender.tab?.id !== undefined && holds.length) releaseHolds(sender.tab.id, holds).catch(() => {});
  const engine = await engineReady();
  if (!engine) return { error: 'no list loaded' };
  return { prevention: engine.prevention(msg.lang, msg.country || mainCountry(msg.lang)) };
}

api.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  const reply = route(msg, sender);
  if (reply === undefined) return false;
  Promise.resolve(reply).then(sendResponse, (err) => sendResponse({ error: String(errorMessage(err)) }));
  return true;
});

lists.startUpdates();
// Warm both up now, so the first navigation only checks and acts.
prepareRules().catch(() => {});
startEngine(lists);
if (chromium) {
  // The block for the next browser start, and this start's lifting.
  installStartupBlock().catch((err) => console.warn('turnback: startup block:', errorMessage(err)));
  openWhenReady();
}

// Chromium stops a worker idle for 30 s, and Firefox suspends an idle event
// page after 30 s (extensions.background.idle.timeout). The next navigation
// then waits for a cold start (modules, Wasm, list): without blocking the
// page loads meanwhile and a fast server wins that race; with blocking
// (Firefox; Chromium installed by policy) the request waits, nothing is missed
// (tests/firefox/background.test.mjs), but every first page after a pause,
// benign ones included, loads about 0.2-0.3 s later (medians on a loaded
// machine, extension/README.md). Both browsers reset the idle timer on any
// extension API call (Firefox: one answered by the parent process, as this
// one is), so this keeps the engine warm in both.
setInterval(() => api.runtime.getPlatformInfo(), 20_000);

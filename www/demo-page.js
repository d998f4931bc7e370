// The demo pages' glue: load the widget with the demo list and guard the
// search form. Page parameters (not the query):
// ?lang=xx&country=XX&fail=closed&retry=MS&refresh=MINUTES
import { Turnback } from './turnback-widget.js';

const params = new URLSearchParams(location.search);
const form = /** @type {HTMLFormElement} */ (document.querySelector('form[role="search"]'));

/** The demo list's public key, or '' when it cannot be fetched (the widget then reports the list unusable). */
async function publicKey() {
  try {
    const res = await fetch('demo/demo.pub');
    return res.ok ? (await res.text()).trim() : '';
  } catch {
    return '';
  }
}

/** @type {import('./turnback-widget.js').LoadOptions} */
const options = {
  list: 'demo/demo.tbl',
  publicKey: await publicKey(),
  failMode: params.get('fail') === 'closed' ? 'closed' : 'open',
};
const lang = params.get('lang');
if (lang) options.lang = lang;
const country = params.get('country');
if (country !== null) options.country = country;
if (params.get('retry')) options.retry = { initialDelay: Number(params.get('retry')) };
if (params.get('refresh')) options.refreshMinutes = Number(params.get('refresh'));

const turnback = await Turnback.load(options);
turnback.attach(form);
// For the end-to-end tests and the browser console; a real page needs neither.
/** @type {Window & { turnback?: import('./turnback-widget.js').TurnbackInstance }} */ (window).turnback = turnback;
form.dataset.turnback = turnback.ready ? 'ready' : 'unavailable';

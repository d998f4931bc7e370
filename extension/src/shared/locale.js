// Language and country for the warning and options pages: the language of
// the browser UI, the country from that locale's region unless the settings
// name one (managed policy first, then the user's choice); a bare language
// (`de`, as Chromium and Firefox report a German UI) stands for its main
// country. The worker uses the same table (main.js), so the list's texts and
// the packaged fallback pick the same help services.

import { api } from './browser.js';

/** The browser UI language as a BCP 47 tag, e.g. `de-AT`; `en` if unknown. */
export function uiLanguage() {
  const lang = api.i18n?.getUILanguage?.() || globalThis.navigator?.language || 'en';
  return lang.replace(/_/g, '-');
}

/**
 * The ISO 3166 region of a BCP 47 tag (`de-AT` → `AT`), or `''`.
 * @param {string} tag
 */
export function regionOf(tag) {
  const parts = tag.split('-').slice(1);
  const region = parts.find((p) => /^[A-Za-z]{2}$/.test(p));
  return region ? region.toUpperCase() : '';
}

/**
 * The country a bare language tag stands for: the one where most of its
 * native speakers live. Languages spoken as a first language across many
 * countries with no such majority (English in several large countries,
 * Spanish, Arabic) have none: there the help services open to every
 * country are shown rather than one country's phone numbers. `pt` is Brazil
 * (most speakers; the packaged Portuguese text is Brazilian); Norwegian
 * comes as `no`, `nb` or `nn`.
 */
export const MAIN_COUNTRY = Object.freeze({
  da: 'DK', de: 'DE', fi: 'FI', fr: 'FR', it: 'IT', nb: 'NO', nl: 'NL', nn: 'NO', no: 'NO',
  pl: 'PL', pt: 'BR', ru: 'RU', sv: 'SE', tr: 'TR',
});

/**
 * The main country of a language tag's language (`de` → `DE`), or `''`.
 * @param {string} tag
 */
export function mainCountry(tag) {
  const primary = String(tag ?? '').split(/[-_]/)[0].toLowerCase();
  return Object.hasOwn(MAIN_COUNTRY, primary) ? MAIN_COUNTRY[primary] : '';
}

/** A two-letter country code in upper case, or `''`. */
function country(value) {
  return typeof value === 'string' && /^[A-Za-z]{2}$/.test(value) ? value.toUpperCase() : '';
}

/** The country the settings name: the managed policy's, else the user's, else `''`. */
async function settingsCountry() {
  let managed = '';
  try {
    managed = country((await api.storage.managed.get('country'))?.country);
  } catch {
    // storage.managed rejects where no policy schema applies.
  }
  if (managed) return managed;
  try {
    return country((await api.storage.local.get('settings'))?.settings?.country);
  } catch {
    return '';
  }
}

/**
 * The language and country to show messages and help resources for.
 * @returns {Promise<{ lang: string, country: string }>}
 */
export async function userLocale() {
  const lang = uiLanguage();
  const country =
    (await settingsCountry()) || regionOf(lang) || regionOf(globalThis.navigator?.language ?? '') || mainCountry(lang);
  return { lang, country };
}

// Language and country for the warning and options pages: the language of
// the browser UI, the country from that locale's region unless the settings
// name one (managed policy first, then the user's choice).

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
  const country = (await settingsCountry()) || regionOf(lang) || regionOf(globalThis.navigator?.language ?? '');
  return { lang, country };
}

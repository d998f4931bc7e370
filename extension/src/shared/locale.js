// Language and country for the warning and options pages: the language of
// the browser UI, the country from that locale's region unless the settings
// name one (managed policy first, then the user's choice); a bare language
// (`de`, as Chromium and Firefox report a German UI) stands for its main
// country. The worker uses the same table (main.js), so the list's texts and
// the packaged fallback pick the same help services.
//
// Tags are read by the widget's parser (www/src/locale.js), which the build
// copies to widget/locale.js: one parser and one alias table for both. A
// region that is not a country (`es-419`, Latin America) gives no country.

import { api } from './browser.js';
import { countryFromLocale, parseLocale, primaryLanguage } from '../../widget/locale.js';

export { countryFromLocale, parseLocale, primaryLanguage };

/**
 * The browser UI language as a BCP 47 tag, e.g. `de-AT`; `en` if unknown.
 * @returns {string}
 */
export function uiLanguage() {
  const lang = api.i18n?.getUILanguage?.() || globalThis.navigator?.language || 'en';
  return lang.replace(/_/g, '-');
}

/**
 * The country a bare language tag stands for: the one where most of its
 * native speakers live. Languages spoken as a first language across many
 * countries with no such majority (English in several large countries,
 * Spanish, Arabic) have none: there the help services open to every
 * country are shown rather than one country's phone numbers. `pt` is Brazil
 * (most speakers; the packaged Portuguese text is Brazilian). Keyed by the
 * language after the aliases (`primaryLanguage`): Norwegian, whether it
 * comes as `no`, `nb` or `nn`, is `no`.
 * @type {Readonly<Record<string, string>>}
 */
export const MAIN_COUNTRY = Object.freeze({
  da: 'DK', de: 'DE', fi: 'FI', fr: 'FR', it: 'IT', nl: 'NL', no: 'NO',
  pl: 'PL', pt: 'BR', ru: 'RU', sv: 'SE', tr: 'TR',
});

/**
 * The main country of a language tag's language (`de` → `DE`, `nb` → `NO`), or `''`.
 * @param {unknown} tag
 * @returns {string}
 */
export function mainCountry(tag) {
  const language = primaryLanguage(tag);
  return Object.hasOwn(MAIN_COUNTRY, language) ? MAIN_COUNTRY[language] : '';
}

/**
 * A two-letter country code in upper case, or `''`.
 * @param {unknown} value
 * @returns {string}
 */
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
    const settings = /** @type {unknown} */ ((await api.storage.local.get('settings'))?.settings);
    return country(typeof settings === 'object' && settings !== null && 'country' in settings ? settings.country : undefined);
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
    (await settingsCountry()) || countryFromLocale(lang) || countryFromLocale(globalThis.navigator?.language) || mainCountry(lang);
  return { lang, country };
}

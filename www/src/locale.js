// Language tags, for the widget and the extension alike (the extension's
// build copies this file: extension/src/shared/locale.js imports it): the one
// parser of BCP 47 tags, and the one table of language aliases.
//
// The parser follows the order of RFC 5646's subtags and reads no further
// than the first subtag out of place, so a tag with junk at its end still
// gives its language and region. It does not use Intl.Locale: that
// canonicalizes (`iw` → `he`, some regions to others), differently across
// engines, while the list's messages are chosen by the tag's own first
// subtag (src/list/meta.rs).

/** The user's preferred language tag, or "en" when the browser gives none. */
export function defaultLanguage() {
  const nav = globalThis.navigator;
  return (nav && (nav.language || (nav.languages && nav.languages[0]))) || 'en';
}

/**
 * A language tag's parts. `region` is the tag's region subtag as written:
 * an ISO 3166-1 alpha-2 code (`AT`) or a UN M.49 area of three digits
 * (`419`, Latin America). `country` is the region only when it is a
 * country code: help services are listed by country, and an area such as
 * `419` names none (`es-419` has region `419` and no country).
 * @typedef {object} LocaleParts
 * @property {string} language lower case ("" when the tag has none)
 * @property {string} script title case, e.g. "Hant" ("" when none)
 * @property {string} region upper case, e.g. "AT" or "419" ("" when none)
 * @property {string} country upper case ISO 3166-1 alpha-2, e.g. "AT" ("" when none)
 */

const LANGUAGE = /^[a-z]{2,8}$/i;
const EXTLANG = /^[a-z]{3}$/i;
const SCRIPT = /^[a-z]{4}$/i;
const COUNTRY = /^[a-z]{2}$/i;
const AREA = /^[0-9]{3}$/;

/**
 * Splits a BCP 47 language tag (`-` or, as some browsers and Chromium's
 * _locales write it, `_`) into its parts; every part "" for anything that
 * is not a tag.
 * @param {unknown} tag
 * @returns {LocaleParts}
 */
export function parseLocale(tag) {
  const parts = { language: '', script: '', region: '', country: '' };
  if (typeof tag !== 'string') return parts;
  const subtags = tag.split(/[-_]/);
  let i = 0;
  if (!LANGUAGE.test(subtags[i] ?? '')) return parts;
  parts.language = subtags[i++].toLowerCase();
  // Up to three extended language subtags (`zh-yue`) come before the script.
  for (let n = 0; n < 3 && parts.language.length <= 3 && EXTLANG.test(subtags[i] ?? ''); n++) i++;
  if (SCRIPT.test(subtags[i] ?? '')) {
    const s = subtags[i++];
    parts.script = s[0].toUpperCase() + s.slice(1).toLowerCase();
  }
  const region = subtags[i] ?? '';
  if (COUNTRY.test(region) || AREA.test(region)) {
    parts.region = region.toUpperCase();
    if (COUNTRY.test(region)) parts.country = parts.region;
  }
  return parts;
}

/**
 * The country a language tag names, upper case ("de-AT" → "AT",
 * "zh-Hant-TW" → "TW"), or "" when it names none: no region, or a region
 * that is not a country ("es-419": Latin America; see `LocaleParts`).
 * @param {unknown} tag
 * @returns {string}
 */
export function countryFromLocale(tag) {
  return parseLocale(tag).country;
}

/**
 * Language codes as browsers report them → the code the messages are kept
 * under: Norwegian Bokmål and Nynorsk get the Norwegian texts. The one
 * table for the widget and the extension, and the same as LANGUAGE_ALIASES
 * in src/list/meta.rs.
 * @type {Readonly<Record<string, string>>}
 */
export const LANGUAGE_ALIASES = Object.freeze({ nb: 'no', nn: 'no' });

/**
 * The language subtag, lower case, through the aliases ("pt-BR" → "pt",
 * "EN_gb" → "en", "nb-NO" → "no"): how the list's messages are chosen
 * (src/list/meta.rs), so the widget's and the extension's own texts follow
 * the same rule. "" for anything that is not a tag.
 * @param {unknown} tag
 * @returns {string}
 */
export function primaryLanguage(tag) {
  const { language } = parseLocale(tag);
  return Object.hasOwn(LANGUAGE_ALIASES, language) ? LANGUAGE_ALIASES[language] : language;
}

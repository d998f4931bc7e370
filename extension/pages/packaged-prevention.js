// The warning page's own copy of the default prevention message and help
// services (data/meta/, copied into the build as packaged-meta.js), shown
// until the worker answers and kept when it cannot: the page always shows
// help. Picks language and services exactly as the engine's
// `prevention(lang, country)` does (src/list/meta.rs), so the page looks the
// same when the list's own texts replace it.

import { MESSAGES, RESOURCES } from './packaged-meta.js';
import { primaryLanguage } from '../src/shared/locale.js';

/**
 * The engine's `Prevention` as far as the warning page reads it: what the
 * packaged copy provides and the list's texts have too.
 * @typedef {import('../../www/pkg/turnback.js').Prevention} Prevention
 * @typedef {Pick<import('../../www/pkg/turnback.js').Resource, 'name' | 'url' | 'phone' | 'description'>} ShownResource
 * @typedef {Omit<Prevention, 'review' | 'chatLabel' | 'websiteLabel' | 'resources'> & { resources: ShownResource[] }} ShownPrevention
 */

/**
 * The packaged message and help services for a language and country, in the
 * shape of the engine's `Prevention` (the fields the warning page reads).
 * @param {string} lang BCP 47 tag, e.g. `de` or `pt-BR`
 * @param {string} country ISO 3166 alpha-2, or `''`
 * @returns {ShownPrevention}
 */
export function packagedPrevention(lang, country) {
  const wanted = primaryLanguage(lang);
  const code = Object.hasOwn(MESSAGES, wanted) ? wanted : 'en';
  const m = MESSAGES[code];
  const upper = String(country ?? '').toUpperCase();
  const forCountry = RESOURCES.filter((r) => r.countries.includes(upper));
  const candidates = forCountry.length ? forCountry : RESOURCES.filter((r) => r.countries.includes('*'));
  // Speakers of the language first, each group in the publisher's order.
  /** @param {{ languages: string[] }} r */
  const speaks = (r) => r.languages.includes(wanted);
  const resources = [...candidates.filter(speaks), ...candidates.filter((r) => !speaks(r))];
  return {
    lang: code,
    dir: m.dir === 'rtl' ? 'rtl' : 'ltr', // the data's two values, typed
    titleSearch: m.title_search,
    titlePage: m.title_page,
    body: m.body,
    helpText: m.help_text,
    helpHeading: m.help_heading,
    primary: m.primary,
    noResources: m.no_resources,
    phoneLabel: m.phone_label,
    resources: resources.map((r) => ({ name: r.name, url: r.url, phone: r.phone ?? undefined, description: r.description })),
  };
}

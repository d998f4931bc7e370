// Language and country defaults for the prevention notice.

/** The user's preferred language tag, or "en" when the browser gives none. */
export function defaultLanguage() {
  const nav = globalThis.navigator;
  return (nav && (nav.language || (nav.languages && nav.languages[0]))) || 'en';
}

/**
 * The region of a BCP 47 language tag as an upper-case code ("de-AT" → "AT",
 * "zh-Hant-TW" → "TW", "es-419" → "419"), or "" when the tag names none.
 */
export function countryFromLocale(tag) {
  if (typeof tag !== 'string' || tag === '') return '';
  try {
    if (typeof Intl !== 'undefined' && Intl.Locale) {
      return (new Intl.Locale(tag).region || '').toUpperCase();
    }
  } catch {
    // Not a well-formed tag: fall through to the plain parse.
  }
  const parts = tag.split(/[-_]/).slice(1);
  for (const p of parts) {
    if (/^[A-Za-z]{2}$/.test(p) || /^[0-9]{3}$/.test(p)) return p.toUpperCase();
    if (p.length === 1) break; // an extension or private-use part starts here
  }
  return '';
}

/**
 * Norwegian as browsers report it (Bokmål, Nynorsk) → the messages' code.
 * The same table as LANGUAGE_ALIASES in src/list/meta.rs.
 */
const LANGUAGE_ALIASES = { nb: 'no', nn: 'no' };

/**
 * The primary language subtag, lower-case ("pt-BR" → "pt", "EN_gb" → "en",
 * "nb-NO" → "no"): how the list's messages are chosen (src/list/meta.rs), so
 * the widget's own texts follow the same rule.
 */
export function primaryLanguage(tag) {
  const primary = String(tag ?? '').split(/[-_]/)[0].toLowerCase();
  return LANGUAGE_ALIASES[primary] ?? primary;
}

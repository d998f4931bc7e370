// Locale defaults, the widget's own fail-closed texts, and load() options:
// plain Node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countryFromLocale, parseLocale } from '../../www/src/locale.js';
import { UNAVAILABLE, unavailableText } from '../../www/src/unavailable.js';
import { resolveOptions } from '../../www/src/options.js';

const MESSAGES = JSON.parse(readFileSync(new URL('../../data/meta/messages.json', import.meta.url), 'utf8'));

/**
 * Tags as browsers, pages and integrators write them, and what the one parser
 * (www/src/locale.js, which the extension imports too) reads from them.
 * `419` (Latin America) is a UN M.49 region, not a country: help services are
 * listed by country, so `es-419` has a region and no country.
 */
const TAGS = [
  { got: 'en', want: { language: 'en', script: '', region: '', country: '' } },
  { got: 'en-US', want: { language: 'en', script: '', region: 'US', country: 'US' } },
  { got: 'de-AT', want: { language: 'de', script: '', region: 'AT', country: 'AT' } },
  { got: 'en_GB', want: { language: 'en', script: '', region: 'GB', country: 'GB' } },
  { got: 'pt_BR', want: { language: 'pt', script: '', region: 'BR', country: 'BR' } },
  { got: 'EN-gb', want: { language: 'en', script: '', region: 'GB', country: 'GB' } },
  { got: 'es-419', want: { language: 'es', script: '', region: '419', country: '' } },
  { got: 'zh-Hant-TW', want: { language: 'zh', script: 'Hant', region: 'TW', country: 'TW' } },
  { got: 'zh-hant', want: { language: 'zh', script: 'Hant', region: '', country: '' } },
  { got: 'sr-Latn', want: { language: 'sr', script: 'Latn', region: '', country: '' } },
  { got: 'sr-Latn-RS', want: { language: 'sr', script: 'Latn', region: 'RS', country: 'RS' } },
  { got: 'zh-yue-HK', want: { language: 'zh', script: '', region: 'HK', country: 'HK' } },
  { got: 'nb-NO', want: { language: 'nb', script: '', region: 'NO', country: 'NO' } },
  { got: 'de-DE-1996', want: { language: 'de', script: '', region: 'DE', country: 'DE' } },
  { got: 'en-US-u-ca-gregory', want: { language: 'en', script: '', region: 'US', country: 'US' } },
  // A region only where RFC 5646 puts one: not a variant, extension or private use.
  { got: 'sl-rozaj', want: { language: 'sl', script: '', region: '', country: '' } },
  { got: 'en-x-GB', want: { language: 'en', script: '', region: '', country: '' } },
  { got: 'ar', want: { language: 'ar', script: '', region: '', country: '' } },
  // Junk after a good start keeps the good start; junk at the start is no tag.
  { got: 'de-AT-???', want: { language: 'de', script: '', region: 'AT', country: 'AT' } },
  { got: 'en-', want: { language: 'en', script: '', region: '', country: '' } },
  { got: '', want: { language: '', script: '', region: '', country: '' } },
  { got: 'not a tag!', want: { language: '', script: '', region: '', country: '' } },
  { got: '-US', want: { language: '', script: '', region: '', country: '' } },
  { got: '12-34', want: { language: '', script: '', region: '', country: '' } },
  { got: 'constructor', want: { language: '', script: '', region: '', country: '' } },
  { got: undefined, want: { language: '', script: '', region: '', country: '' } },
  { got: null, want: { language: '', script: '', region: '', country: '' } },
  { got: 42, want: { language: '', script: '', region: '', country: '' } },
];

for (const { got, want } of TAGS) {
  test(`parseLocale(${JSON.stringify(got)})`, () => {
    assert.deepEqual(parseLocale(got), want);
    assert.equal(countryFromLocale(got), want.country, 'countryFromLocale is its country');
  });
}

test('the fail-closed notice exists in every language of the list messages, with their direction and button', () => {
  assert.deepEqual(Object.keys(UNAVAILABLE).sort(), Object.keys(MESSAGES).sort());
  const titles = new Set();
  for (const [lang, m] of Object.entries(MESSAGES)) {
    const u = UNAVAILABLE[lang];
    assert.equal(u.lang, lang);
    assert.equal(u.dir, m.dir, `${lang} dir`);
    assert.equal(u.primary, m.primary, `${lang} button`);
    assert.equal(u.review, lang === 'en' ? 'source' : 'unreviewed', `${lang} review state`);
    for (const k of ['title', 'body']) assert.ok(u[k].trim().length > 0, `${lang} ${k}`);
    titles.add(u.title);
  }
  assert.equal(titles.size, Object.keys(MESSAGES).length, 'no language left in English');
  assert.equal(UNAVAILABLE.ar.dir, 'rtl');
});

test('the fail-closed notice is negotiated like the panel, English as the fallback', () => {
  assert.equal(unavailableText('de-AT').lang, 'de');
  assert.equal(unavailableText('AR').lang, 'ar');
  assert.equal(unavailableText('pt_BR').lang, 'pt');
  for (const tag of ['ja', '', undefined, 'constructor', '__proto__', 'toString']) {
    assert.equal(unavailableText(tag), UNAVAILABLE.en, String(tag));
  }
});

test('refreshMinutes: 6 hours by default, at least 1 minute, Infinity turns it off', () => {
  const base = { list: '/l.tbl', publicKey: 'k' };
  assert.equal(resolveOptions(base).refreshMs, 360 * 60_000);
  assert.equal(resolveOptions({ ...base, refreshMinutes: 1 }).refreshMs, 60_000);
  assert.equal(resolveOptions({ ...base, refreshMinutes: 90.5 }).refreshMs, 90.5 * 60_000);
  assert.equal(resolveOptions({ ...base, refreshMinutes: Infinity }).refreshMs, Infinity);
  for (const bad of [0, 0.5, -5, NaN, '10', null]) {
    assert.throws(() => resolveOptions({ ...base, refreshMinutes: bad }), /refreshMinutes/, String(bad));
  }
});

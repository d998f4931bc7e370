// Locale defaults, the widget's own fail-closed texts, and load() options:
// plain Node, no browser.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { countryFromLocale, primaryLanguage } from '../../www/src/locale.js';
import { UNAVAILABLE, unavailableText } from '../../www/src/unavailable.js';
import { resolveOptions } from '../../www/src/options.js';

const MESSAGES = JSON.parse(readFileSync(new URL('../../data/meta/messages.json', import.meta.url), 'utf8'));

test('country from a BCP 47 tag', () => {
  assert.equal(countryFromLocale('de-AT'), 'AT');
  assert.equal(countryFromLocale('en_GB'), 'GB');
  assert.equal(countryFromLocale('zh-Hant-TW'), 'TW');
  assert.equal(countryFromLocale('es-419'), '419');
  assert.equal(countryFromLocale('ar'), '');
  assert.equal(countryFromLocale(''), '');
  assert.equal(countryFromLocale(undefined), '');
  assert.equal(countryFromLocale('not a tag!'), '');
});

test('primary language subtag, as the list picks its message', () => {
  assert.equal(primaryLanguage('pt-BR'), 'pt');
  assert.equal(primaryLanguage('EN_gb'), 'en');
  assert.equal(primaryLanguage('ar'), 'ar');
  assert.equal(primaryLanguage('nb-NO'), 'no', 'Norwegian Bokmål gets the Norwegian texts');
  assert.equal(primaryLanguage('nn'), 'no');
  assert.equal(primaryLanguage(undefined), '');
});

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

// The options page's strings: every key the page uses exists, in each of the
// 15 languages of data/meta/messages.json, non-empty, with a description
// saying the translations are machine-drafted; and every key is used.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './fixtures.mjs';

const strings = JSON.parse(readFileSync(join(REPO, 'extension/locales/options.json'), 'utf8'));
const languages = Object.keys(JSON.parse(readFileSync(join(REPO, 'data/meta/messages.json'), 'utf8')));
const html = readFileSync(join(REPO, 'extension/pages/options.html'), 'utf8');
const js = readFileSync(join(REPO, 'extension/pages/options.js'), 'utf8');

test('15 languages, every message present and described', () => {
  assert.equal(languages.length, 15);
  for (const [key, entry] of Object.entries(strings)) {
    assert.match(key, /^options[A-Za-z0-9]+$/, 'a key chrome.i18n accepts, prefixed to avoid clashes with core.json');
    assert.match(entry.description, /machine-drafted/);
    assert.deepEqual(Object.keys(entry.messages).sort(), [...languages].sort(), key);
    for (const [lang, text] of Object.entries(entry.messages)) {
      assert.ok(text.trim().length > 0, `${key}/${lang} is empty`);
      assert.ok(!text.includes('$'), `${key}/${lang}: a $ would be read as a placeholder`);
    }
  }
});

test('the page uses exactly these keys', () => {
  const used = new Set([
    ...[...html.matchAll(/data-i18n="([^"]+)"/g)].map((m) => m[1]),
    ...[...js.matchAll(/'(options[A-Z][A-Za-z]+)'/g)].map((m) => m[1]),
  ]);
  assert.deepEqual([...used].filter((k) => !(k in strings)), [], 'used but not defined');
  assert.deepEqual(Object.keys(strings).filter((k) => !used.has(k)), [], 'defined but not used');
});

test('the page has no inline script or style (strict CSP)', () => {
  assert.doesNotMatch(html, /<script(?![^>]*\bsrc=)[^>]*>/);
  assert.doesNotMatch(html, /\sstyle=|<style|\son[a-z]+=/i);
});

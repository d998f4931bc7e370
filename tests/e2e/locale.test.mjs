// The country default: the region of the user's locale.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countryFromLocale } from '../../www/src/locale.js';

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

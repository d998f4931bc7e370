// The extension's locale module as built (extension/dist: `make build` or
// `node extension/build.mjs`): it reads tags with the widget's parser, which
// the build copies in, and picks a bare language's main country through the
// one alias table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const DIST = new URL('../../../extension/dist/', import.meta.url);
for (const browser of ['chromium', 'firefox']) {
  const built = new URL(`${browser}/`, DIST);
  const locale = await import(new URL('src/shared/locale.js', built).href);
  const parser = await import(new URL('widget/locale.js', built).href);

  test(`${browser}: the built parser is the widget's own file`, () => {
    assert.equal(
      readFileSync(new URL('widget/locale.js', built), 'utf8'),
      readFileSync(new URL('../../www/src/locale.js', DIST), 'utf8'),
    );
    for (const name of ['parseLocale', 'countryFromLocale', 'primaryLanguage']) {
      assert.equal(locale[name], parser[name], `${name} is the parser's, not a copy`);
    }
  });

  /** @type {{ got: unknown, country: string, main: string }[]} */
  const CASES = [
    { got: 'de', country: '', main: 'DE' },
    { got: 'de-AT', country: 'AT', main: 'DE' },
    { got: 'en', country: '', main: '' },
    { got: 'en-US', country: 'US', main: '' },
    // 419 is Latin America, not a country: neither a country nor a main one.
    { got: 'es-419', country: '', main: '' },
    { got: 'zh-Hant-TW', country: 'TW', main: '' },
    { got: 'pt_BR', country: 'BR', main: 'BR' },
    { got: 'pt-PT', country: 'PT', main: 'BR' },
    { got: 'sr-Latn', country: '', main: '' },
    // Norwegian through the one alias table, however the browser names it.
    { got: 'nb', country: '', main: 'NO' },
    { got: 'nn-NO', country: 'NO', main: 'NO' },
    { got: 'no', country: '', main: 'NO' },
    { got: 'NB_no', country: 'NO', main: 'NO' },
    { got: '', country: '', main: '' },
    { got: 'not a tag!', country: '', main: '' },
    { got: 'constructor', country: '', main: '' },
    { got: undefined, country: '', main: '' },
  ];
  for (const { got, country, main } of CASES) {
    test(`${browser}: ${JSON.stringify(got)} → country ${JSON.stringify(country)}, main country ${JSON.stringify(main)}`, () => {
      assert.equal(locale.countryFromLocale(got), country);
      assert.equal(locale.mainCountry(got), main);
    });
  }
}

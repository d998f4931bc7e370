// The built package (www/pkg: wasm-bindgen glue + wasm-opt output) as a web
// page or extension uses it, run under Node against the signed demo list
// (www/demo/). `make wasm-test` runs it after `make build`.
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { initSync, TurnbackEngine, TurnbackLists } from '../www/pkg/turnback.js';

const root = new URL('../', import.meta.url);
initSync({ module: readFileSync(new URL('www/pkg/turnback_bg.wasm', root)) });
const list = readFileSync(new URL('www/demo/demo.tbl', root));
const key = readFileSync(new URL('www/demo/demo.pub', root), 'utf8');

let passed = 0;
function check(name, f) {
  f();
  passed += 1;
  console.log(`ok - ${name}`);
}

const engine = TurnbackEngine.load(new Uint8Array(list), key);

check('verdicts', () => {
  assert.deepEqual(engine.checkUrl('https://www.turnback.test/open/'), { matched: false });
  const url = engine.checkUrl('https://Blocked.Turnback.test/any/page');
  assert.equal(url.matched, true);
  assert.equal(url.kind, 'url');
  assert.equal(typeof url.category, 'string');
  assert.match(url.entry, /^url-\d+$/);
  assert.equal(engine.checkQuery('ＢＬ0ＣＫＥＤ  d.e.m.o   t\u200ce\u200cr\u200cm').kind, 'keyword');
  assert.equal(engine.checkQuery('blocked demolition').matched, false);
  assert.equal(engine.checkQuery('grindle and flumox').kind, 'combination');
  assert.equal(engine.checkNavigation('https://duckduckgo.com/?q=z0rbl%40x&ia=images').kind, 'keyword');
});

check('internationalized hosts: converted by the platform, matching the natively built list', () => {
  // Full-width letters and an ideographic full stop map to the listed
  // ASCII host; the module has no IDNA tables of its own (src/url/idn.rs).
  assert.equal(engine.checkUrl('http://\uff42\uff2cocked.turnback.test\u3002/any').kind, 'url');
  assert.equal(engine.checkUrl('http://bl\u00f6cked.turnback.test/').matched, false);
  assert.equal(engine.checkUrl('http://blocked\uff0fturnback.test/').matched, false);
});

check('every miss is one frozen { matched: false }; a match is a new object', () => {
  const miss = engine.checkUrl('https://www.turnback.test/open/');
  assert.equal(engine.checkQuery('blocked demolition'), miss);
  assert.equal(engine.checkNavigation('https://www.bing.com/search?q=weather'), miss);
  assert.ok(Object.isFrozen(miss));
  assert.equal(Object.getPrototypeOf(miss), Object.prototype);
  // Module code is strict: a caller writing to it gets a TypeError.
  assert.throws(() => {
    miss.matched = true;
  }, TypeError);
  assert.deepEqual(engine.checkUrl('not a url'), { matched: false });
  const hit = () => engine.checkUrl('https://Blocked.Turnback.test/any/page');
  assert.notEqual(hit(), hit());
  assert.ok(!Object.isFrozen(hit()));
});

check('strings are read whole, past 64 KiB, non-ASCII and with lone surrogates', () => {
  const pad = (n) => 'x'.repeat(n);
  assert.equal(engine.checkQuery(`${pad(65_517)} blocked demo term`).matched, true);
  assert.equal(engine.checkQuery(`${pad(65_519)} blocked demo term`).matched, false);
  assert.equal(engine.checkQuery(`é ${pad(300)} blocked demo term`).matched, true);
  assert.equal(engine.checkQuery(`\ud800 blocked demo term \udc00`).matched, true);
  assert.equal(engine.checkUrl('https://blocked.turnback.test/\u00e9\ud83d').matched, true);
});

check('checks refuse what is not a string, and stay usable', () => {
  assert.throws(() => engine.checkUrl(12), (e) =>
    e instanceof Error && e.message === 'checkUrl: url must be a string, got number');
  assert.throws(() => engine.checkQuery(undefined), (e) =>
    e instanceof Error && e.message === 'checkQuery: text must be a string, got undefined');
  assert.throws(() => engine.checkNavigation(new URL('https://blocked.turnback.test/')), (e) =>
    e instanceof Error && e.message === 'checkNavigation: url must be a string, got object');
  assert.throws(() => engine.checkQuery(Symbol('q')), (e) =>
    e instanceof Error && e.message === 'checkQuery: text must be a string, got symbol');
  assert.equal(engine.checkUrl('https://Blocked.Turnback.test/any/page').matched, true);
});

check('prevention and info', () => {
  const ar = engine.prevention('ar', '');
  assert.equal(ar.dir, 'rtl');
  const de = engine.prevention('de-AT', 'DE');
  assert.equal(de.lang, 'de');
  assert.ok(de.resources.length > 0 && de.resources.every((r) => r.url.startsWith('https://')));
  // The shapes turnback.d.ts promises, in the same property order as ever:
  // plain objects and arrays, optional `phone` absent rather than null.
  const plain = (o) => Object.getPrototypeOf(o) === Object.prototype;
  const gb = engine.prevention('en', 'GB');
  for (const p of [ar, de, gb, engine.prevention('xx', '')]) {
    assert.ok(plain(p));
    assert.deepEqual(Object.keys(p), ['lang', 'dir', 'review', 'titleSearch', 'titlePage', 'body',
      'helpText', 'helpHeading', 'primary', 'noResources', 'phoneLabel', 'chatLabel', 'websiteLabel',
      'resources']);
    assert.ok(Array.isArray(p.resources));
    for (const r of p.resources) {
      assert.ok(plain(r) && Array.isArray(r.languages) && typeof r.chat === 'boolean');
      const phone = typeof r.phone === 'string' ? ['phone'] : [];
      assert.deepEqual(Object.keys(r), ['id', 'name', 'url', ...phone, 'chat', 'languages', 'description']);
    }
  }
  assert.ok(gb.resources.some((r) => 'phone' in r) && de.resources.every((r) => !('phone' in r)));
  const info = engine.info();
  assert.ok(plain(info));
  assert.deepEqual(Object.keys(info), ['id', 'sequence', 'created', 'expires', 'keyId', 'urlEntries',
    'keywordEntries', 'rules', 'bytes']);
  assert.equal(info.id, 'demo');
  assert.equal(info.sequence, 1);
  assert.equal(info.bytes, list.length);
  assert.match(info.keyId, /^[0-9a-f]{16}$/);
});

check('errors are Error objects with the library message', () => {
  const tampered = new Uint8Array(list);
  tampered[200] ^= 1;
  assert.throws(() => TurnbackEngine.load(tampered, key), (e) =>
    e instanceof Error && e.message === 'list signature does not verify');
  assert.throws(() => TurnbackEngine.load(new Uint8Array(list), key, { heldSequence: 2 }), (e) =>
    e instanceof Error && e.message === "list sequence 1 is older than the loaded list's 2");
  assert.throws(() => TurnbackEngine.load(new Uint8Array(list), key, { now: 1e11 }), /^Error: list expired at/);
  assert.throws(() => TurnbackEngine.load(new Uint8Array(0), 'nope'), Error);
  assert.throws(() => TurnbackEngine.load(new Uint8Array(list), key, { now: 'soon' }), (e) =>
    e instanceof Error && e.message === 'invalid options: options.now must be a number, got string');
  assert.throws(() => TurnbackEngine.load(new Uint8Array(list), key, { now: NaN }), (e) =>
    e instanceof Error && e.message === 'options.now must be a finite number of seconds, got NaN');
});

check('the engine frees', () => {
  const e = TurnbackEngine.load(new Uint8Array(list), key);
  e.free();
  assert.throws(() => e.info());
});

check('several lists: the engine put in the set is consumed, a match names its list', () => {
  const lists = new TurnbackLists();
  const e = TurnbackEngine.load(new Uint8Array(list), key);
  lists.put('demo', e);
  assert.throws(() => e.info());
  assert.deepEqual(lists.ids(), ['demo']);
  const url = lists.checkUrl('https://Blocked.Turnback.test/any/page');
  assert.equal(url.kind, 'url');
  assert.equal(url.list, 'demo');
  assert.equal(lists.checkQuery('grindle and flumox').list, 'demo');
  assert.deepEqual(lists.checkNavigation('https://www.bing.com/search?q=weather'), { matched: false });
  assert.equal(lists.info('demo').id, engine.info().id);
  assert.ok(lists.remove('demo'));
  assert.deepEqual(lists.checkUrl('https://Blocked.Turnback.test/any/page'), { matched: false });
  lists.free();
});

check('typescript declarations', () => {
  const dts = readFileSync(new URL('www/pkg/turnback.d.ts', root), 'utf8');
  for (const s of [
    'static load(bytes: Uint8Array, publicKey: string, options?: LoadOptions): TurnbackEngine;',
    'checkUrl(url: string): Verdict;',
    'checkQuery(text: string): Verdict;',
    'checkNavigation(url: string): Verdict;',
    'prevention(lang: string, country: string): Prevention;',
    'info(): ListInfo;',
    'export interface Resource',
    'export interface ListVerdict extends Verdict',
    'put(id: string, engine: TurnbackEngine, at?: number | null): void;',
    'checkNavigation(url: string): ListVerdict;',
    'prevention(id: string, lang: string, country: string): Prevention;',
    'info(id: string): ListInfo;',
  ]) {
    assert.ok(dts.includes(s), `turnback.d.ts lacks ${s}`);
  }
});

engine.free();
console.log(`glue: ${passed} passed`);

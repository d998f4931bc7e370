// Settings: validation with the field named, the engine as the judge of
// public keys, managed (policy) values winning and locking, saveSettings
// refusing what policy fixes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_KEY } from './fixtures.mjs';
import { fakeArea, makeLists } from './support.mjs';
import { validateSettings, validateListUrl, readSettings } from '../../../extension/src/background/lists/settings.js';
import { retryDelayMinutes } from '../../../extension/src/background/lists/backoff.js';

const HEX = DEMO_KEY.split(' ').pop();

function fieldError(f, field, pattern) {
  assert.throws(f, (e) => {
    assert.equal(e.code, 'invalid-setting');
    assert.equal(e.field, field);
    assert.ok(e.message.startsWith(`${field}: `), e.message);
    if (pattern) assert.match(e.message, pattern);
    return true;
  });
}

test('list URLs: https; http only for loopback and *.test; no credentials', () => {
  assert.equal(validateListUrl(' https://lists.example/turnback.tbl#x '), 'https://lists.example/turnback.tbl');
  assert.equal(validateListUrl('http://127.0.0.1:8080/l.tbl'), 'http://127.0.0.1:8080/l.tbl');
  assert.equal(validateListUrl('http://localhost/l.tbl'), 'http://localhost/l.tbl');
  assert.equal(validateListUrl('http://lists.turnback.test:9000/l.tbl'), 'http://lists.turnback.test:9000/l.tbl');
  fieldError(() => validateListUrl('http://lists.example/l.tbl'), 'listUrl', /must use https/);
  fieldError(() => validateListUrl('ftp://lists.example/l.tbl'), 'listUrl', /must use https/);
  fieldError(() => validateListUrl('lists.example/l.tbl'), 'listUrl', /not an absolute URL/);
  fieldError(() => validateListUrl('https://u:p@lists.example/l.tbl'), 'listUrl', /user name or password/);
  fieldError(() => validateListUrl(`https://lists.example/${'a'.repeat(2100)}`), 'listUrl', /longer than/);
  fieldError(() => validateListUrl(42), 'listUrl', /must be text/);
});

test('public keys are judged by the engine; bad fields are named', () => {
  const { lists } = makeLists();
  const check = lists.checkKey;
  assert.equal(validateSettings({ publicKey: HEX.toUpperCase() }, check).publicKey, `turnback-public-key-v1 ${HEX}`);
  assert.equal(validateSettings({ publicKey: ` ${DEMO_KEY}\n` }, check).publicKey, DEMO_KEY);
  fieldError(() => validateSettings({ publicKey: 'not a key' }, check), 'publicKey', /expected `turnback-public-key-v1 <64 hex digits>`/);
  fieldError(() => validateSettings({ publicKey: `turnback-public-key-v1 ${'ab'.repeat(32)}` }, check), 'publicKey', /not a valid ed25519 public key/);
  fieldError(() => validateSettings({ publicKey: HEX.slice(2) }, check), 'publicKey');
  fieldError(() => validateSettings({ listUrl: 'https://lists.example/l.tbl' }, check), 'publicKey', /required with a list URL/);
  fieldError(() => validateSettings({ country: 'DEU' }, check), 'country', /two letters/);
  assert.equal(validateSettings({ country: 'at' }, check).country, 'AT');
  assert.deepEqual(validateSettings({ country: '' }, check), {});
  fieldError(() => validateSettings({ updateHours: 0 }, check), 'updateHours', /from 1 to 168/);
  fieldError(() => validateSettings({ updateHours: 2.5 }, check), 'updateHours');
  fieldError(() => validateSettings({ updateHours: 'soon' }, check), 'updateHours');
  assert.equal(validateSettings({ updateHours: '12' }, check).updateHours, 12);
  fieldError(() => validateSettings({ listURL: 'x' }, check), 'listURL', /not a setting/);
});

/** A second valid public key: the Ed25519 base point. */
const BASE_POINT = `58${'66'.repeat(31)}`;

test('a key set: several keys, one a line, by commas or as an array; each judged; canonical and deduplicated', async () => {
  const { lists } = makeLists();
  const check = lists.checkKey;
  const both = `${DEMO_KEY}\nturnback-public-key-v1 ${BASE_POINT}`;
  assert.equal(validateSettings({ publicKey: `${DEMO_KEY}\n${BASE_POINT.toUpperCase()}\n` }, check).publicKey, both);
  assert.equal(validateSettings({ publicKey: `${HEX}, ${BASE_POINT}` }, check).publicKey, both);
  assert.equal(validateSettings({ publicKey: [DEMO_KEY, BASE_POINT, HEX] }, check).publicKey, both);
  fieldError(() => validateSettings({ publicKey: `${DEMO_KEY}\n${'ab'.repeat(32)}` }, check), 'publicKey', /^publicKey: key 2: not a valid ed25519 public key/);
  fieldError(() => validateSettings({ publicKey: Array(9).fill(HEX).join('\n') }, check), 'publicKey', /holds 9 keys, at most 8/);
  fieldError(() => validateSettings({ publicKey: ' ,\n ' }, check), 'publicKey', /holds no key/);
  fieldError(() => validateSettings({ publicKey: [DEMO_KEY, 7] }, check), 'publicKey', /must be text/);
  // A policy's key set is read-only; sending it back in another order or form is no change.
  const managed = fakeArea({ publicKey: [DEMO_KEY, BASE_POINT] });
  const m = makeLists({ managed });
  assert.equal((await m.lists.settings()).settings.publicKey, both);
  await m.lists.saveSettings({ publicKey: `${BASE_POINT}\n${DEMO_KEY}`, country: 'at' });
  await assert.rejects(m.lists.saveSettings({ publicKey: DEMO_KEY }), (e) => e.code === 'locked' && e.field === 'publicKey');
});

test('defaults: the packaged list (no URL), 6 hours, fail open, stale after 7 days', async () => {
  const { lists } = makeLists();
  const r = await lists.settings();
  assert.deepEqual(r.settings, { updateHours: 6, failMode: 'open', staleDays: 7 });
  assert.equal(r.configured, false);
  assert.equal(r.locked, false);
  assert.deepEqual(r.lockedFields, []);
});

test('policy-only fields: failMode and staleDays, each checked on its own; users cannot set them', async () => {
  const cases = [
    [{ failMode: 'closed', staleDays: 2 }, { failMode: 'closed', staleDays: 2 }, []],
    [{ failMode: 'shut', staleDays: 0 }, { failMode: 'open', staleDays: 7 }, ['failMode', 'staleDays']],
    [{ staleDays: 366 }, { failMode: 'open', staleDays: 7 }, ['staleDays']],
    [{ staleDays: 1.5, failMode: 'open' }, { failMode: 'open', staleDays: 7 }, ['staleDays']],
  ];
  for (const [managed, want, errors] of cases) {
    const { lists } = makeLists({ managed: fakeArea(managed) });
    const r = await lists.settings();
    const got = { failMode: r.settings.failMode, staleDays: r.settings.staleDays };
    assert.deepEqual(got, want, `policy ${JSON.stringify(managed)}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
    assert.deepEqual(r.errors.map((e) => e.field), errors, `policy ${JSON.stringify(managed)}: errors`);
  }
  const { lists } = makeLists();
  await assert.rejects(lists.saveSettings({ failMode: 'closed' }), (e) => e.field === 'failMode' && /not a setting/.test(e.message));
});

test('a list URL given at all counts as configured, even one refused as invalid', async () => {
  for (const [local, managed, want] of [
    [{ settings: { listUrl: 'https://mine.example/l.tbl', publicKey: DEMO_KEY } }, {}, true],
    [{}, { listUrl: 'http://school.example/l.tbl', publicKey: DEMO_KEY }, true],
    [{}, { listUrl: 'https://school.example/l.tbl' }, true],
    [{}, { listUrl: '  ' }, false],
    [{}, {}, false],
  ]) {
    const { lists } = makeLists({ local: fakeArea(local), managed: fakeArea(managed) });
    assert.equal((await lists.settings()).configured, want, `${JSON.stringify({ local, managed })}`);
  }
});

test('managed values win over the user’s; the fields they set are read-only', async () => {
  const local = fakeArea({ settings: { listUrl: 'https://mine.example/l.tbl', publicKey: DEMO_KEY, country: 'FR', updateHours: 12 } });
  const managed = fakeArea({ listUrl: 'https://school.example/l.tbl', publicKey: HEX, updateHours: 3 });
  const { lists } = makeLists({ local, managed });
  const r = await lists.settings();
  assert.equal(r.settings.listUrl, 'https://school.example/l.tbl');
  assert.equal(r.settings.updateHours, 3);
  assert.equal(r.settings.country, 'FR', 'fields the policy leaves alone stay the user’s');
  assert.deepEqual(r.lockedFields.sort(), ['listUrl', 'publicKey', 'updateHours']);
  assert.equal(r.locked, false);
  // The user may change the country, not what the policy set.
  const s = await lists.saveSettings({ country: 'de', listUrl: 'https://school.example/l.tbl', updateHours: 3 });
  assert.equal(s.settings.country, 'DE');
  await assert.rejects(lists.saveSettings({ listUrl: 'https://other.example/l.tbl' }), (e) => e.code === 'locked' && e.field === 'listUrl');
  const res = await lists.handleMessage({ type: 'saveSettings', settings: { updateHours: 24 } });
  assert.equal(res.ok, false);
  assert.equal(res.error.code, 'locked');
  assert.equal(res.error.field, 'updateHours');
});

test('locked: every field read-only, saveSettings refused', async () => {
  const local = fakeArea({ settings: { country: 'FR' } });
  const managed = fakeArea({ locked: true, country: 'NL' });
  const { lists } = makeLists({ local, managed });
  const r = await lists.settings();
  assert.equal(r.locked, true);
  assert.deepEqual(r.lockedFields, ['listUrl', 'publicKey', 'country', 'updateHours']);
  assert.equal(r.settings.country, 'NL');
  const res = await lists.handleMessage({ type: 'saveSettings', settings: { country: 'FR' } });
  assert.deepEqual(res, { ok: false, error: { code: 'locked', message: 'settings are locked by policy' } });
  assert.deepEqual(local.data().settings, { country: 'FR' }, 'nothing written');
});

test('a bad policy field is dropped and reported; a throwing managed area means no policy', async () => {
  const managed = fakeArea({ listUrl: 'http://school.example/l.tbl', publicKey: DEMO_KEY, updateHours: 3 });
  const { lists } = makeLists({ managed });
  const r = await lists.settings();
  assert.equal(r.settings.listUrl, undefined);
  assert.equal(r.settings.updateHours, 3);
  assert.equal(r.errors[0].field, 'listUrl');
  assert.match(r.errors[0].message, /^policy listUrl: must use https/);
  const throwing = { get: async () => { throw new Error('Managed storage manifest not found'); } };
  const r2 = await readSettings({ local: fakeArea(), managed: throwing }, () => null);
  assert.deepEqual(r2.settings, { updateHours: 6, failMode: 'open', staleDays: 7 });
});

test('backoff schedule', () => {
  assert.deepEqual([1, 2, 3, 4, 5, 6, 9, 10, 100].map((n) => retryDelayMinutes(n, 360)), [1, 2, 4, 8, 16, 32, 256, 360, 360]);
  assert.equal(retryDelayMinutes(3, 2), 2);
});

// The set of lists: the policy's first and locked, the user's after them,
// the single-list settings of earlier versions read as a set of one, bad
// entries named and left out while the others stand, at most MAX_LISTS.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_KEY } from './fixtures.mjs';
import { makeLists } from './support.mjs';
import {
  MAX_LISTS, addUserList, removeUserList, subscriptionSet, validateSubscription,
} from '../../../extension/src/background/lists/subscriptions.js';

const { lists: { checkKey } } = makeLists();
const HEX = DEMO_KEY.split(' ').pop();
const A = 'https://a.lists.example/index.txt';
const B = 'https://b.lists.example/list.tbl';
const C = 'https://c.lists.example/index.txt';
const sub = (listUrl, extra = {}) => ({ listUrl, publicKey: DEMO_KEY, ...extra });

test('one subscription: fields checked and named with the entry', () => {
  const cases = [
    { name: 'plain', in: sub(A), want: { id: A, listUrl: A, publicKey: DEMO_KEY } },
    { name: 'key as hex, period, URL fragment dropped', in: { listUrl: `${A}#x`, publicKey: HEX, updateHours: '12' }, want: { id: A, listUrl: A, publicKey: DEMO_KEY, updateHours: 12 } },
    { name: 'not an object', in: 'https://a.lists.example/', err: { field: 'lists[3]', message: /^lists\[3\]: must be an object/ } },
    { name: 'no URL', in: { publicKey: DEMO_KEY }, err: { field: 'lists[3].listUrl', message: /^lists\[3\]: listUrl: is required/ } },
    { name: 'no key', in: { listUrl: A }, err: { field: 'lists[3].publicKey', message: /^lists\[3\]: publicKey: is required with a list URL/ } },
    { name: 'http', in: sub('http://a.lists.example/l.tbl'), err: { field: 'lists[3].listUrl', message: /must use https/ } },
    { name: 'bad key', in: { listUrl: A, publicKey: 'not a key' }, err: { field: 'lists[3].publicKey', message: /expected `turnback-public-key-v1/ } },
    { name: 'bad period', in: sub(A, { updateHours: 0 }), err: { field: 'lists[3].updateHours', message: /from 1 to 168/ } },
    { name: 'unknown field', in: sub(A, { country: 'DE' }), err: { field: 'lists[3].country', message: /country: is not a list setting/ } },
  ];
  for (const c of cases) {
    if (c.want) {
      assert.deepEqual(validateSubscription(c.in, checkKey, 'lists[3]'), c.want, c.name);
      continue;
    }
    assert.throws(() => validateSubscription(c.in, checkKey, 'lists[3]'), (e) => {
      assert.equal(e.code, 'invalid-setting', c.name);
      assert.equal(e.field, c.err.field, `${c.name}: field`);
      assert.match(e.message, c.err.message, c.name);
      return true;
    }, c.name);
  }
});

test('the set in force: order, who set it, what the user may do, problems', () => {
  const ids = (s) => s.lists.map((l) => `${l.from}:${l.id}${l.locked ? ':locked' : ''}`);
  const cases = [
    { name: 'nothing configured: the packaged list stands in', saved: {}, managed: {}, want: [], configured: false, mayAdd: true },
    { name: 'single-list settings of earlier versions: a set of one', saved: { listUrl: A, publicKey: DEMO_KEY, updateHours: 3, country: 'AT' }, managed: {}, want: ['user:' + A], configured: true, mayAdd: true },
    { name: 'a policy single list, then the user\'s lists', saved: { lists: [sub(B), sub(C)] }, managed: { listUrl: A, publicKey: DEMO_KEY }, want: [`policy:${A}:locked`, `user:${B}`, `user:${C}`], configured: true, mayAdd: true },
    { name: 'the policy\'s lists in its order', saved: {}, managed: { lists: [sub(C), sub(A)] }, want: [`policy:${C}:locked`, `policy:${A}:locked`], configured: true, mayAdd: true },
    { name: 'a user list the policy names too is the policy\'s', saved: { lists: [sub(A), sub(B)] }, managed: { lists: [sub(A)] }, want: [`policy:${A}:locked`, `user:${B}`], configured: true, mayAdd: true },
    { name: 'locked: the user\'s lists stay in force, read-only', saved: { lists: [sub(B)] }, managed: { lists: [sub(A)], locked: true }, want: [`policy:${A}:locked`, `user:${B}:locked`], configured: true, mayAdd: false },
    { name: 'locked with no list at all', saved: {}, managed: { locked: true }, want: [], configured: false, mayAdd: false },
    {
      name: 'a bad entry is named and left out, the others stand',
      saved: { lists: [sub(A), sub('http://x.example/l'), sub(B)] }, managed: {},
      want: [`user:${A}`, `user:${B}`], configured: true, mayAdd: true,
      errors: [{ field: 'lists[1].listUrl', message: /^saved lists\[1\]: listUrl: must use https/ }],
    },
    {
      name: 'a refused single list still counts as configured (no demo list)',
      saved: { listUrl: 'http://x.example/l', publicKey: DEMO_KEY }, managed: {},
      want: [], configured: true, mayAdd: true,
      errors: [{ field: 'listUrl', message: /^saved listUrl: must use https/ }],
    },
    {
      name: 'a repeated URL is one list',
      saved: {}, managed: { lists: [sub(A), sub(`${A}#again`)] },
      want: [`policy:${A}:locked`], configured: true, mayAdd: true,
      errors: [{ field: 'lists[1].listUrl', message: /^policy lists\[1\]: the same list URL/ }],
    },
    {
      name: 'lists and listUrl together: lists decides, and says so',
      saved: {}, managed: { lists: [sub(B)], listUrl: A, publicKey: DEMO_KEY },
      want: [`policy:${B}:locked`], configured: true, mayAdd: true,
      errors: [{ field: 'listUrl', message: /^policy listUrl: not used when lists is given/ }],
    },
    {
      name: 'not an array',
      saved: { lists: 'https://a.lists.example/' }, managed: {},
      want: [], configured: true, mayAdd: true,
      errors: [{ field: 'lists', message: /^saved lists: must be an array/ }],
    },
  ];
  for (const c of cases) {
    const got = subscriptionSet(c.saved, c.managed, checkKey);
    assert.deepEqual(ids(got), c.want, `${c.name}: lists`);
    assert.equal(got.configured, c.configured, `${c.name}: configured`);
    assert.equal(got.userMayAdd, c.mayAdd, `${c.name}: userMayAdd`);
    const want = c.errors ?? [];
    assert.equal(got.errors.length, want.length, `${c.name}: errors ${JSON.stringify(got.errors)}`);
    want.forEach((w, i) => {
      assert.equal(got.errors[i].field, w.field, `${c.name}: error field`);
      assert.match(got.errors[i].message, w.message, c.name);
    });
  }
});

test(`at most ${MAX_LISTS} lists: the rest are reported, never silently dropped`, () => {
  const many = Array.from({ length: MAX_LISTS + 2 }, (_, i) => sub(`https://l${i}.lists.example/index.txt`));
  const got = subscriptionSet({ lists: many.slice(2) }, { lists: many.slice(0, 2) }, checkKey);
  assert.equal(got.lists.length, MAX_LISTS);
  assert.deepEqual(got.lists.slice(0, 2).map((l) => l.from), ['policy', 'policy']);
  assert.equal(got.userMayAdd, false);
  assert.deepEqual(got.errors.map((e) => e.code), ['too-many-lists', 'too-many-lists']);
  assert.match(got.errors[1].message, new RegExp(`l${MAX_LISTS + 1}\\.lists\\.example`));
  assert.throws(() => addUserList(got, sub(A), checkKey), (e) => e.code === 'too-many-lists');
});

test('the user adds and removes their own lists; the policy\'s stay', () => {
  const set = subscriptionSet({ lists: [sub(B)] }, { lists: [sub(A)] }, checkKey);
  const added = addUserList(set, { listUrl: C, publicKey: HEX, updateHours: 2 }, checkKey);
  assert.deepEqual(added, [sub(B), sub(C, { updateHours: 2 })], 'stored without ids, keys canonical, at the end');
  const after = subscriptionSet({ lists: added }, { lists: [sub(A)] }, checkKey);
  assert.deepEqual(after.lists.map((l) => l.id), [A, B, C], 'a stored set reads back');
  assert.deepEqual(removeUserList(after, B), [sub(C, { updateHours: 2 })]);
  assert.throws(() => removeUserList(after, A), (e) => e.code === 'locked' && /set by policy/.test(e.message));
  assert.throws(() => removeUserList(after, 'https://nowhere.example/'), (e) => e.code === 'invalid-setting');
  assert.throws(() => addUserList(after, sub(A), checkKey), (e) => e.field === 'new list.listUrl' && /already in use/.test(e.message));
  assert.throws(() => addUserList(after, sub('ftp://d.example/'), checkKey), (e) => e.field === 'new list.listUrl');
  const locked = subscriptionSet({}, { lists: [sub(A)], locked: true }, checkKey);
  assert.throws(() => addUserList(locked, sub(B), checkKey), (e) => e.code === 'locked');
  const lockedMine = subscriptionSet({ lists: [sub(B)] }, { locked: true }, checkKey);
  assert.throws(() => removeUserList(lockedMine, B), (e) => e.code === 'locked', 'a lock keeps the user\'s lists too');
});

// The message protocol (extension/src/shared/protocol.js): `isMessage`
// accepts exactly the messages the pages and the content script send and
// refuses everything else, and the senders send those messages.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { MSG, isMessage } from '../../../extension/src/shared/protocol.js';

const TOKEN = '0123456789abcdef0123456789abcdef';

/** One well-formed message of each type. */
const GOOD = {
  checkFrame: { type: MSG.checkFrame, url: 'https://www.turnback.test/a' },
  getPrevention: { type: MSG.getPrevention, lang: 'de-AT', country: 'AT', token: TOKEN },
  closeTab: { type: MSG.closeTab },
  getStatus: { type: MSG.getStatus },
  saveSettings: { type: MSG.saveSettings, settings: { listUrl: 'https://lists.example/l.tbl', updateHours: 6 } },
  updateNow: { type: MSG.updateNow },
};

test('MSG names every message type once, each by its own name', () => {
  assert.deepEqual(Object.keys(GOOD).sort(), Object.keys(MSG).sort());
  for (const [name, type] of Object.entries(MSG)) assert.equal(type, name);
  assert.ok(Object.isFrozen(MSG));
});

/** @type {{ name: string, got: unknown, want: boolean }[]} */
const CASES = [
  ...Object.entries(GOOD).map(([name, got]) => ({ name: `well-formed ${name}`, got, want: true })),
  // Fields whose value may be empty: the worker decides what an empty one means.
  { name: 'getPrevention with no country', got: { ...GOOD.getPrevention, country: '' }, want: true },
  { name: 'saveSettings with no field (nothing to change)', got: { type: MSG.saveSettings, settings: {} }, want: true },
  // Which settings exist is the list machinery's to say (with an error naming the field).
  { name: 'saveSettings with a field that is no setting', got: { type: MSG.saveSettings, settings: { failMode: 'closed' } }, want: true },
  { name: 'an object without prototype', got: Object.assign(Object.create(null), GOOD.closeTab), want: true },

  { name: 'undefined', got: undefined, want: false },
  { name: 'null', got: null, want: false },
  { name: 'a bare type name', got: 'getStatus', want: false },
  { name: 'an array', got: [MSG.getStatus], want: false },
  { name: 'no type', got: { url: 'https://www.turnback.test/' }, want: false },
  { name: 'an unknown type', got: { type: 'getSecrets' }, want: false },
  { name: 'a type inherited from Object', got: { type: 'toString' }, want: false },
  { name: 'a type that is not a string', got: { type: 1 }, want: false },
  { name: 'a type in other case', got: { type: 'GETSTATUS' }, want: false },
  { name: 'checkFrame without url', got: { type: MSG.checkFrame }, want: false },
  { name: 'checkFrame with a URL object', got: { type: MSG.checkFrame, url: new URL('https://www.turnback.test/') }, want: false },
  { name: 'checkFrame with junk beside it', got: { ...GOOD.checkFrame, tabId: 3 }, want: false },
  { name: 'getPrevention without token', got: { type: MSG.getPrevention, lang: 'en', country: 'US' }, want: false },
  { name: 'getPrevention with a null token', got: { ...GOOD.getPrevention, token: null }, want: false },
  { name: 'getPrevention with a numeric country', got: { ...GOOD.getPrevention, country: 49 }, want: false },
  { name: 'closeTab naming a tab', got: { type: MSG.closeTab, tabId: 7 }, want: false },
  { name: 'getStatus with junk', got: { type: MSG.getStatus, extra: true }, want: false },
  { name: 'updateNow with an undefined field', got: { type: MSG.updateNow, force: undefined }, want: false },
  { name: 'saveSettings without settings', got: { type: MSG.saveSettings }, want: false },
  { name: 'saveSettings with null settings', got: { type: MSG.saveSettings, settings: null }, want: false },
  { name: 'saveSettings with settings as a string', got: { type: MSG.saveSettings, settings: 'listUrl=x' }, want: false },
  { name: 'saveSettings with settings as an array', got: { type: MSG.saveSettings, settings: [] }, want: false },
  { name: 'saveSettings with settings as a Date', got: { type: MSG.saveSettings, settings: new Date(0) }, want: false },
];

for (const { name, got, want } of CASES) {
  test(`isMessage: ${name} → ${want}`, () => {
    assert.equal(isMessage(got), want);
  });
}

test('the content script sends a well-formed checkFrame with its own location', async () => {
  const sent = [];
  const context = {
    location: { href: 'https://www.turnback.test/page' },
    addEventListener: () => {},
    chrome: {
      runtime: {
        sendMessage: async (msg) => {
          sent.push(msg);
          return { blocked: false };
        },
      },
    },
  };
  runInNewContext(readFileSync(new URL('../../../extension/src/content/check.js', import.meta.url), 'utf8'), context);
  assert.equal(sent.length, 1);
  // Made in the script's own realm, so compared by its JSON form.
  assert.deepEqual(JSON.parse(JSON.stringify(sent[0])), { type: MSG.checkFrame, url: 'https://www.turnback.test/page' });
  assert.ok(isMessage(sent[0]), 'well-formed, in whichever realm it was made');
});

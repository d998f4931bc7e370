// TEST-ONLY STAND-IN for the wasm-bindgen module www/pkg/turnback.js. Used
// only when TURNBACK_E2E_STANDIN=1 and never shipped. It mimics the API
// (init, TurnbackEngine.load/checkQuery/checkUrl/prevention/info/free) with a
// crude normalizer and a checksum instead of a signature. Values in
// __DOUBLE_UNDERSCORE__ are filled in by tests/e2e/harness.mjs.

const META = __META__;
const LIST_CHECKSUM = __CHECKSUM__;
const KEY_HEX = __KEY_HEX__;

function fnv1a(bytes) {
  let h = 0x811c9dc5;
  for (const b of bytes) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}

const LEET = { 0: 'o', 1: 'i', 3: 'e', 4: 'a', 5: 's', 7: 't', '@': 'a', $: 's' };
function words(text) {
  const s = String(text).normalize('NFKC').toLowerCase().replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');
  const mapped = [...s].map((c) => LEET[c] ?? c).join('');
  const raw = mapped.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const out = [];
  let run = '';
  for (const t of raw) {
    if (t.length === 1) run += t;
    else {
      if (run) out.push(run), (run = '');
      out.push(t);
    }
  }
  if (run) out.push(run);
  return out;
}

const KEYWORDS = [['blocked', 'demo', 'term'], ['zorblax'], ['quibbleflux', 'video']];
const RULES = [['flumox', 'grindle']];
const URLS = [
  (h) => h === 'blocked.turnback.test' || h.endsWith('.blocked.turnback.test'),
  (h, p) => (h === 'www.turnback.test' || h.endsWith('.www.turnback.test')) && p.startsWith('/blocked/'),
  (h, p) => h === 'media.turnback.test' && p.startsWith('/gallery/blocked-set/'),
];

export default async function init() {
  return {};
}

export class TurnbackEngine {
  static load(bytes, publicKey) {
    const hex = String(publicKey).trim().split(/\s+/).pop();
    if (hex !== KEY_HEX) throw new Error('list signature does not match the public key');
    if (fnv1a(bytes) !== LIST_CHECKSUM) throw new Error('list signature is invalid');
    return new TurnbackEngine(bytes.length);
  }
  constructor(n) {
    this.n = n;
  }
  checkQuery(text) {
    const w = words(text);
    for (let k = 0; k < KEYWORDS.length; k++) {
      const kw = KEYWORDS[k];
      for (let i = 0; i + kw.length <= w.length; i++) {
        if (kw.every((x, j) => w[i + j] === x)) return { matched: true, kind: 'keyword', category: 'default', entry: `keyword-${k}` };
      }
    }
    for (let r = 0; r < RULES.length; r++) {
      if (RULES[r].every((x) => w.includes(x))) return { matched: true, kind: 'combination', category: 'default', entry: `rule-${r}` };
    }
    return { matched: false };
  }
  checkUrl(url) {
    let u;
    try {
      u = new URL(url);
    } catch {
      return { matched: false };
    }
    const h = u.hostname.toLowerCase();
    for (let i = 0; i < URLS.length; i++) {
      if (URLS[i](h, u.pathname)) return { matched: true, kind: 'url', category: 'default', entry: `url-${i}` };
    }
    return { matched: false };
  }
  checkNavigation(url) {
    return this.checkUrl(url);
  }
  prevention(lang, country) {
    const wanted = String(lang).split(/[-_]/)[0].toLowerCase();
    const code = META.messages[wanted] ? wanted : 'en';
    const m = META.messages[code];
    const c = String(country).toUpperCase();
    let rs = META.resources.filter((r) => r.countries.includes(c));
    if (rs.length === 0) rs = META.resources.filter((r) => r.countries.includes('*'));
    rs = [...rs].sort((a, b) => Number(!a.languages.includes(wanted)) - Number(!b.languages.includes(wanted)));
    return {
      lang: code, dir: m.dir, review: m.review, titleSearch: m.title_search, titlePage: m.title_page, body: m.body,
      helpText: m.help_text, helpHeading: m.help_heading, primary: m.primary, noResources: m.no_resources,
      phoneLabel: m.phone_label, chatLabel: m.chat_label, websiteLabel: m.website_label,
      resources: rs.map((r) => ({ id: r.id, name: r.name, url: r.url, phone: r.phone ?? undefined, chat: r.chat, languages: r.languages, description: r.description })),
    };
  }
  info() {
    return { id: 'demo', sequence: 1, created: 0, expires: 4102444800, keyId: 'standin', urlEntries: 3, keywordEntries: 4, rules: 1, bytes: this.n };
  }
  free() {}
}

// The list lifecycle in the worker: the stored list on a cold start, the
// conditional download on install / start / alarm / request (by delta when
// the list URL is a publish index: widget/update/fetch-list.js, the widget's
// routine), verification by the engine, the atomic swap, persistence, status
// and retry with backoff.
// Every browser API comes in as a dependency so Node tests drive it with
// fakes and the real Wasm engine.

import { downloadList } from './download.js';
import { UpdateError, updateList } from '../../../widget/update/fetch-list.js';
import { indexDueAt, withJitter } from '../../../widget/update/schedule.js';
import { ListError, errorRecord } from './errors.js';
import { retryDelayMinutes } from './backoff.js';
import { keyIdsOf } from './keyid.js';
import {
  fromBase64, heldSequences, highestSequence, noteIndexFetch, noteSequence, readIndexFetch, saveList, saveValidators, readStoredList,
  verifiedStoredList,
} from './persistence.js';
import { readSettings, mergeUserEdit, sameKeySet } from './settings.js';
import { MSG } from '../../shared/protocol.js';
import { errorMessage } from '../../shared/errors.js';

/** The regular update alarm (period: settings.updateHours). */
export const PERIODIC_ALARM = 'turnback-list-update';
/** The one-shot retry alarm after a failure. */
export const RETRY_ALARM = 'turnback-list-retry';
/**
 * While no list from the configured URL is in force, or the one in force has
 * expired, the updater checks at least this often (minutes) and retries
 * after failures no later than this.
 */
export const URGENT_MINUTES = 15;

/**
 * Problems the status reports (and the toolbar badge shows):
 *  - `no-list`: a list URL is configured but no list from it is in force
 *    (nothing downloaded yet, or everything refused);
 *  - `expired`: the list in force is past its expiry (it stays in force);
 *  - `stale`: no successful update for `staleDays` days.
 * @typedef {'no-list' | 'expired' | 'stale'} Problem
 */

/** @typedef {import('./persistence.js').StorageArea} StorageArea */
/** @typedef {import('./persistence.js').TurnbackEngine} TurnbackEngine */
/** @typedef {import('../../../pkg/turnback.js').ListInfo} ListInfo */
/** @typedef {import('./settings.js').Settings} Settings */
/** @typedef {import('./settings.js').SettingsState} SettingsState */
/** @typedef {import('../../shared/protocol.js').ListStatus} ListStatus */

/**
 * What the updater keeps in storage.local `listStatus` between attempts.
 * @typedef {object} UpdateRecord
 * @property {number} failures attempts failed in a row
 * @property {number} [lastCheck] ms since the epoch
 * @property {number} [lastSuccess]
 * @property {import('../../shared/protocol.js').ErrorRecord & { at: number }} [lastError]
 * @property {number} [nextRetry]
 * @property {{ via: 'delta' | 'full', fallback?: string, at: number }} [lastUpdate] how the last new list came
 */

/**
 * A change to the UpdateRecord: a field set to undefined is removed.
 * @typedef {{ [K in keyof UpdateRecord]?: UpdateRecord[K] | undefined }} UpdatePatch
 */

/**
 * What the updater uses of the alarms API (alarms, or a test's stand-in).
 * @typedef {object} Alarms
 * @property {(name: string, info: { delayInMinutes?: number, periodInMinutes?: number, when?: number }) => unknown} create
 * @property {(name: string) => unknown} clear
 * @property {(name: string) => Promise<{ periodInMinutes?: number } | undefined>} get
 */

/**
 * What an update attempt came to. `via`: how the new list came ('delta', or
 * 'full' with the `fallback` code when a delta was tried and failed: see
 * widget/update/fetch-list.js). `reason`: 'not-configured', 'not-modified'
 * (a 304, or an index naming the list held), 'min-interval' (a scheduled
 * update before the index's min-interval passed: nothing fetched), or the
 * failure's code (a ListError's; another thrown value's own, if it has one;
 * else 'internal').
 * @typedef {{ updated: true, sequence: number, via: 'delta' | 'full', fallback?: string }
 *   | { updated: false, reason: unknown, error?: import('../../shared/protocol.js').ErrorRecord }} UpdateOutcome
 */

/**
 * @typedef {object} ListDeps
 * @property {StorageArea} local chrome.storage.local
 * @property {{ get(): Promise<Record<string, unknown>> }} [managed] chrome.storage.managed
 * @property {typeof fetch} fetch
 * @property {() => number} clock ms since the epoch
 * @property {Alarms} alarms
 * @property {(bytes: Uint8Array, key: string, opts?: { now?: number, heldSequence?: number }) => TurnbackEngine} loadEngine
 *   TurnbackEngine.load (Wasm initialized)
 * @property {() => Promise<TurnbackEngine | null>} engineReady the current engine, or null when no list is in force
 * @property {(engine: TurnbackEngine | null, source: 'packaged' | 'downloaded' | 'none') => void} swapEngine atomic replace
 *   (null with 'none': no list in force)
 * @property {() => import('../../shared/protocol.js').ListSource} engineSource where the list in force came from
 * @property {(mode: 'open' | 'closed') => void} [setFailMode] the policy's fail mode, on every attempt
 * @property {(status: ListStatus) => void} [onStatus] after every update attempt and status read (the badge)
 * @property {() => Promise<{ bytes: Uint8Array, publicKey: string }>} packagedList the list shipped in the extension
 * @property {(list: Uint8Array, delta: Uint8Array) => Uint8Array} applyDelta the Wasm module's
 * @property {(index: Uint8Array, publicKey: string) => void} verifyIndexSignature the Wasm module's
 * @property {() => number} [random] in [0, 1), the jitter of scheduled fetches (default Math.random)
 * @property {number} [timeoutMs] download time limit
 * @property {number} [maxBytes] download size limit
 */

/**
 * An API event, as far as the updater listens to it.
 * @template {(...args: never[]) => void} F
 * @typedef {{ addListener(listener: F): void }} ApiEvent
 */

/**
 * The events that start an update (runtime, alarms and storage of the browser API).
 * @typedef {object} UpdateTriggers
 * @property {{ onInstalled: ApiEvent<() => void>, onStartup: ApiEvent<() => void> }} runtime
 * @property {{ onAlarm: ApiEvent<(alarm: { name: string }) => void> }} alarms
 * @property {{ onChanged?: ApiEvent<(changes: unknown, area: string) => void> }} [storage]
 */

/**
 * A thrown value's own `code` (a ListError's, or another error's that has one).
 * @param {unknown} err
 * @returns {unknown}
 */
function thrownCode(err) {
  return typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined;
}

/**
 * The shared routine's refusals as the options page knows them: 'refused'
 * (the index or list was refused, or a file is not the one the index names),
 * with the routine's own code first in `detail`; what the download threw
 * passes as it is.
 * @param {unknown} err
 */
function asListError(err) {
  if (!(err instanceof UpdateError)) return err;
  // A list the engine refused keeps the engine's words as its detail, as before indexes.
  const detail = err.code === 'refused' ? err.detail : `${err.code}: ${err.detail ?? err.message}`;
  return new ListError('refused', err.message, detail ? { detail } : {});
}

/**
 * Creates the list machinery around its dependencies.
 * @param {ListDeps} deps
 */
export function createLists(deps) {
  const source = () => deps.engineSource();
  /** @type {Promise<UpdateOutcome> | null} the update running now */
  let running = null;
  /** @type {Promise<UpdateOutcome> | null} the update queued after it */
  let again = null;

  /**
   * The engine's complaint about a publisher key, or null when it takes it.
   * @param {string} key
   * @returns {string | null}
   */
  function checkKey(key) {
    try {
      deps.loadEngine(new Uint8Array(0), key);
      return null;
    } catch (err) {
      const message = String(errorMessage(err));
      // The key parses before the list: an empty list failing as truncated
      // means the engine accepted the key.
      return message.startsWith('list file is truncated') ? null : message;
    }
  }

  const settingsNow = () => readSettings({ local: deps.local, managed: deps.managed }, checkKey);
  const nowSeconds = () => Math.floor(deps.clock() / 1000);

  /**
   * The stored UpdateRecord (written only by writeStatus).
   * @returns {Promise<UpdateRecord>}
   */
  async function readStatus() {
    const { listStatus } = await deps.local.get('listStatus');
    return /** @type {UpdateRecord | undefined} */ (listStatus) ?? { failures: 0 };
  }

  /**
   * @param {UpdatePatch} patch
   * @returns {Promise<UpdateRecord>}
   */
  async function writeStatus(patch) {
    /** @type {Record<string, unknown>} */
    const next = { ...(await readStatus()), ...patch };
    for (const k of Object.keys(next)) if (next[k] === undefined) delete next[k];
    await deps.local.set({ listStatus: next });
    return /** @type {UpdateRecord} */ (next);
  }

  /**
   * The last good list, re-verified under its own key (see
   * verifiedStoredList): it is used whatever the settings say now, since
   * reading the policy can take seconds at browser start; the first update
   * then swaps in the packaged list if no list URL is configured any more.
   * Null when nothing is stored or it is refused (the reason is recorded).
   * Call once the Wasm module is initialized.
   * @returns {Promise<{ engine: TurnbackEngine, source: 'stored' } | null>}
   */
  async function initialList() {
    const { list, problem } = await verifiedStoredList(deps.local, deps.loadEngine);
    if (problem) await writeStatus({ lastError: { ...problem, at: deps.clock() } });
    if (!list) return null;
    return { engine: list.engine, source: 'stored' };
  }

  /**
   * What the worker falls back to when no list is stored: whether a list URL
   * is configured (then never the packaged list) and the policy's failMode.
   * @returns {Promise<{ configured: boolean, failMode: 'open' | 'closed' }>}
   */
  async function fallback() {
    const read = await settingsNow();
    return { configured: read.configured, failMode: read.settings.failMode };
  }

  /**
   * The update period in minutes: shorter while the list in force is missing or expired.
   * @param {Settings} settings
   * @param {boolean} urgent
   */
  function periodMinutes(settings, urgent) {
    const regular = settings.updateHours * 60;
    return urgent ? Math.min(URGENT_MINUTES, regular) : regular;
  }

  /**
   * The list in force's own problem, 'no-list' or 'expired', or none (see Problem).
   * @param {SettingsState} read
   * @param {ListInfo | null | undefined} info the list in force's
   * @returns {Problem | null}
   */
  function listProblem(read, info) {
    if (!read.configured) return null;
    if (!info || source() === 'packaged') return 'no-list';
    return info.expires <= nowSeconds() ? 'expired' : null;
  }

  /**
   * True while no list from the configured URL is in force or it has expired.
   * @param {SettingsState} read
   * @param {ListInfo | null | undefined} info
   */
  function isUrgent(read, info) {
    return listProblem(read, info) !== null;
  }

  const random = deps.random ?? Math.random;

  /**
   * The periodic alarm at `minutes`; its first firing comes up to 10 %
   * later at random (schedule.js), and `rearm` (after each periodic
   * firing) sets it afresh, so every scheduled fetch has its own jitter
   * and a million devices do not ask at the same minute.
   * @param {number} minutes
   * @param {boolean} [rearm]
   */
  async function ensurePeriodicAlarm(minutes, rearm = false) {
    const existing = await deps.alarms.get(PERIODIC_ALARM);
    if (rearm || !existing || existing.periodInMinutes !== minutes) {
      await deps.alarms.create(PERIODIC_ALARM, { delayInMinutes: withJitter(minutes, random), periodInMinutes: minutes });
    }
  }

  async function backToPackaged() {
    if (source() === 'packaged') return;
    const packaged = await deps.packagedList();
    const engine = deps.loadEngine(packaged.bytes, packaged.publicKey);
    deps.swapEngine(engine, 'packaged');
  }

  /**
   * @param {{ scheduled?: boolean, rearm?: boolean }} [how] scheduled: started by an alarm or the browser
   *   (respects the index's min-interval); rearm: by the periodic alarm (its next firing gets new jitter)
   * @returns {Promise<UpdateOutcome>}
   */
  async function runUpdate({ scheduled = false, rearm = false } = {}) {
    let current = await deps.engineReady();
    const read = await settingsNow();
    const { settings } = read;
    deps.setFailMode?.(settings.failMode);
    const urgent = isUrgent(read, current?.info());
    await ensurePeriodicAlarm(periodMinutes(settings, urgent), rearm);
    if (!read.configured) {
      // No list URL: the packaged list, and no request at all.
      await backToPackaged();
      await deps.alarms.clear(RETRY_ALARM);
      await writeStatus({ failures: 0, nextRetry: undefined, lastError: undefined });
      return { updated: false, reason: 'not-configured' };
    }
    if (source() === 'packaged') {
      // A list URL is configured now: the demo list must not pass for
      // protection (nor decide the fail mode) while the real one is missing.
      deps.swapEngine(null, 'none');
      current = null;
    }
    const startedAt = deps.clock();
    if (scheduled && settings.listUrl) {
      // The publisher's min-interval (capped at a day, schedule.js) holds
      // for every automatic fetch of its index; the user's "update now" and
      // a changed setting or policy fetch at once.
      const dueAt = indexDueAt(await readIndexFetch(deps.local, settings.listUrl), startedAt);
      if (startedAt < dueAt) {
        const status = await readStatus();
        if (status.failures > 0) {
          const nextRetry = Math.round(startedAt + withJitter(dueAt - startedAt, random));
          await deps.alarms.create(RETRY_ALARM, { when: nextRetry });
          await writeStatus({ nextRetry });
        }
        return { updated: false, reason: 'min-interval' };
      }
    }
    try {
      // A list URL that was refused as invalid (the settings errors say why);
      // readSettings drops a list URL that comes without its key.
      if (!settings.listUrl || !settings.publicKey) throw new ListError('invalid-setting', 'the configured list URL or key is not valid');
      const info = current?.info() ?? null;
      const sameKey = info !== null && source() !== 'packaged' && (await keyIdsOf(settings.publicKey)).includes(info.keyId);
      const stored = await readStoredList(deps.local);
      // Validators only describe the list we hold: same URL, same key, same sequence.
      const heldIsStored =
        sameKey && stored !== null && stored.url === settings.listUrl &&
        sameKeySet(stored.publicKey, settings.publicKey) && stored.sequence === info.sequence;
      const validators = heldIsStored ? { etag: stored.etag, lastModified: stored.lastModified } : {};
      // Rollback protection holds within one key set (one publisher's keys,
      // the next beside the current), a new set is a new publisher; the
      // highest sequence ever accepted under any of its keys counts, not
      // only the list held now.
      const seen = highestSequence(await heldSequences(deps.local), settings.publicKey);
      const held = Math.max(sameKey ? info.sequence : -1, seen);
      const listUrl = settings.listUrl;
      const publicKey = settings.publicKey;
      let got;
      try {
        got = await updateList(
          {
            url: listUrl,
            held: heldIsStored ? { bytes: fromBase64(stored.bytes), sequence: stored.sequence } : null,
            ...(held >= 0 ? { heldSequence: held } : {}),
            validators,
            publicKeys: publicKey,
          },
          {
            fetchFile: (url, v, limits) => downloadList(url, v ?? {}, { ...deps, maxBytes: limits.maxBytes ?? deps.maxBytes }),
            load: (bytes, heldSequence) =>
              deps.loadEngine(bytes, publicKey, { now: nowSeconds(), ...(heldSequence === undefined ? {} : { heldSequence }) }),
            applyDelta: deps.applyDelta,
            verifyIndexSignature: deps.verifyIndexSignature,
            onIndex: (index) => noteIndexFetch(deps.local, { url: listUrl, at: startedAt, minInterval: index.minInterval }),
          },
        );
      } catch (err) {
        throw asListError(err);
      }
      if (got.kind === 'not-modified') {
        if (!heldIsStored) throw new ListError('http', 'the list server answered 304 to an unconditional request');
        const last = await readIndexFetch(deps.local, listUrl);
        if (last) await noteIndexFetch(deps.local, { ...last, at: startedAt });
      }
      if (got.kind === 'not-modified' || got.kind === 'unchanged') {
        // The server confirmed the list in force is the latest: a success.
        if (got.kind === 'unchanged' && stored) await saveValidators(deps.local, got.validators);
        await settled({ lastCheck: startedAt, lastSuccess: startedAt });
        await ensurePeriodicAlarm(periodMinutes(settings, isUrgent(read, info)));
        return { updated: false, reason: 'not-modified' };
      }
      const engine = got.engine;
      const loaded = engine.info();
      deps.swapEngine(engine, 'downloaded');
      let persistError;
      try {
        await noteSequence(deps.local, settings.publicKey, loaded.sequence);
        await saveList(deps.local, {
          bytes: got.bytes,
          publicKey: settings.publicKey,
          sequence: loaded.sequence,
          url: settings.listUrl,
          etag: got.validators.etag,
          lastModified: got.validators.lastModified,
          fetchedAt: startedAt,
        });
      } catch (err) {
        // In use now, but lost on restart: say so rather than fail the update.
        persistError = new ListError('persist', `the list is in use but could not be stored: ${errorMessage(err)}`);
      }
      const via = got.kind === 'delta' ? 'delta' : 'full';
      const fallback = got.kind === 'full' ? got.fallback?.code : undefined;
      await settled({
        lastCheck: startedAt,
        lastSuccess: startedAt,
        lastError: persistError ? { ...persistError.toJSON(), at: startedAt } : undefined,
        lastUpdate: fallback ? { via, fallback, at: startedAt } : { via, at: startedAt },
      });
      await ensurePeriodicAlarm(periodMinutes(settings, isUrgent(read, loaded)));
      return fallback ? { updated: true, sequence: loaded.sequence, via, fallback } : { updated: true, sequence: loaded.sequence, via };
    } catch (err) {
      const status = await readStatus();
      const failures = (status.failures ?? 0) + 1;
      const nextRetry = Math.round(deps.clock() + withJitter(retryDelayMinutes(failures, periodMinutes(settings, urgent)) * 60_000, random));
      await deps.alarms.create(RETRY_ALARM, { when: nextRetry });
      await writeStatus({ lastCheck: startedAt, lastError: { ...errorRecord(err), at: startedAt }, failures, nextRetry });
      return { updated: false, reason: thrownCode(err) ?? 'internal', error: errorRecord(err) };
    }
  }

  /**
   * Records a successful attempt: no retry pending, no failures.
   * @param {UpdatePatch} patch
   */
  async function settled(patch) {
    await deps.alarms.clear(RETRY_ALARM);
    await writeStatus({ ...patch, failures: 0, nextRetry: undefined });
  }

  /**
   * Runs one update; a call while one runs joins it (never two at once).
   * With `fresh`, a running update is followed by a new one (settings changed).
   * `scheduled` and `rearm`: see runUpdate.
   * @param {{ fresh?: boolean, scheduled?: boolean, rearm?: boolean }} [options]
   * @returns {Promise<UpdateOutcome>}
   */
  function update({ fresh = false, scheduled = false, rearm = false } = {}) {
    if (!running) {
      running = runUpdate({ scheduled, rearm }).finally(() => {
        running = null;
        // The badge follows every attempt, whatever its outcome.
        if (deps.onStatus) status().then(deps.onStatus, () => {});
      });
      return running;
    }
    if (!fresh) return running;
    // After the running one settles either way (a failure must not stop later updates).
    again ??= running
      .catch(() => {})
      .then(() => {
        again = null;
        return update();
      });
    return again;
  }

  /**
   * The problems to show (see Problem), in the order of their weight.
   * @param {SettingsState} read
   * @param {ListInfo | null} info the list in force's
   * @param {UpdateRecord} st
   * @returns {Problem[]}
   */
  function problemsOf(read, info, st) {
    if (!read.configured) return [];
    const problem = listProblem(read, info);
    if (problem) return [problem];
    const since = st.lastSuccess;
    return since && deps.clock() - since > read.settings.staleDays * 86_400_000 ? ['stale'] : [];
  }

  /**
   * Everything the options page shows.
   * @returns {Promise<ListStatus>}
   */
  async function status() {
    const engine = await deps.engineReady();
    const read = await settingsNow();
    const info = engine?.info() ?? null;
    const st = await readStatus();
    const { listUrl, publicKey } = read.settings;
    const keyMismatch = Boolean(listUrl) && info !== null && !(await keyIdsOf(publicKey)).includes(info.keyId);
    return {
      list: info && {
        id: info.id,
        sequence: info.sequence,
        created: info.created,
        expires: info.expires,
        keyId: info.keyId,
        ageSeconds: Math.max(0, nowSeconds() - info.created),
        expired: info.expires <= nowSeconds(),
        source: source(),
      },
      keyMismatch,
      problems: problemsOf(read, info, st),
      configured: read.configured,
      failMode: read.settings.failMode,
      settings: read.settings,
      user: read.user,
      policy: read.policy,
      locked: read.locked,
      lockedFields: read.lockedFields,
      settingsErrors: read.errors,
      lastCheck: st.lastCheck ?? null,
      lastSuccess: st.lastSuccess ?? null,
      lastError: st.lastError ?? null,
      nextRetry: st.nextRetry ?? null,
      lastUpdate: st.lastUpdate ?? null,
      failures: st.failures ?? 0,
      updating: running !== null,
    };
  }

  /**
   * Validates and stores the user's settings; a changed URL or key starts an
   * update at once (awaited, so the answer shows its outcome).
   * @param {unknown} edit the options page's fields (checked by mergeUserEdit)
   * @returns {Promise<ListStatus>}
   */
  async function saveSettings(edit) {
    await deps.engineReady();
    const before = await settingsNow();
    const own = mergeUserEdit(before, edit, checkKey);
    await deps.local.set({ settings: own });
    const after = await settingsNow();
    if (after.settings.updateHours !== before.settings.updateHours) {
      await ensurePeriodicAlarm(periodMinutes(after.settings, isUrgent(after, (await deps.engineReady())?.info())));
    }
    const changed = after.settings.listUrl !== before.settings.listUrl || after.settings.publicKey !== before.settings.publicKey;
    if (changed) {
      // Old failures were about the old configuration.
      await writeStatus({ failures: 0 });
      await update({ fresh: true });
    }
    return status();
  }

  /**
   * At worker start: back to the packaged list when a stored list was loaded
   * but no list URL is configured any more (the start does not wait for the
   * policy, which can take seconds); the fail mode and the badge as they are.
   */
  async function reconcile() {
    const engine = await deps.engineReady();
    const read = await settingsNow();
    deps.setFailMode?.(read.settings.failMode);
    if (!read.configured && engine && source() !== 'packaged') await backToPackaged();
    deps.onStatus?.(await status());
  }

  /**
   * Answers getStatus / saveSettings / updateNow; undefined for other messages.
   * @param {{ type?: unknown, settings?: unknown }} msg
   * @returns {Promise<import('../../shared/protocol.js').ListReply> | undefined}
   */
  function handleMessage(msg) {
    const type = msg?.type;
    if (type !== MSG.getStatus && type !== MSG.saveSettings && type !== MSG.updateNow) return undefined;
    const work =
      type === MSG.getStatus ? status()
      : type === MSG.saveSettings ? saveSettings(msg.settings)
      : update({ fresh: true }).then(status);
    return work.then(
      /** @returns {import('../../shared/protocol.js').ListReply} */
      (s) => ({ ok: true, status: s }),
      /** @param {unknown} err */
      (err) => ({ ok: false, error: errorRecord(err) }),
    );
  }

  /**
   * Registers the update triggers. Call synchronously at the worker's top
   * level (MV3 only delivers events to listeners registered there).
   * @param {UpdateTriggers} api the browser API
   */
  function startUpdates(api) {
    const kick = (rearm = false) => {
      update({ scheduled: true, rearm }).catch(() => {});
    };
    api.runtime.onInstalled.addListener(() => kick());
    api.runtime.onStartup.addListener(() => kick());
    api.alarms.onAlarm.addListener((alarm) => {
      if (alarm?.name === PERIODIC_ALARM || alarm?.name === RETRY_ALARM) kick(alarm.name === PERIODIC_ALARM);
    });
    // A policy pushed while running applies without a restart.
    api.storage?.onChanged?.addListener((_changes, area) => {
      if (area === 'managed') update({ fresh: true }).catch(() => {});
    });
  }

  return { initialList, fallback, reconcile, update, status, saveSettings, handleMessage, startUpdates, checkKey, settings: settingsNow };
}

// Which way the worker stops a listed request: blocking webRequest, where
// the browser grants it, lets the request itself wait for the verdict.
// Firefox grants it to every install; Chromium's Manifest V3 only to
// extensions installed by policy (ExtensionInstallForcelist) and elsewhere
// accepts a 'blocking' listener but never calls it, so the permission
// actually granted decides.

import { api } from '../shared/browser.js';

/** True when the manifest asks for blocking webRequest (both builds do). */
export const declaresBlocking = api.runtime.getManifest().permissions?.includes('webRequestBlocking') ?? false;

/** Resolves to true when blocking webRequest is granted to this install. */
export const blockingGranted = declaresBlocking
  ? api.permissions.contains({ permissions: ['webRequestBlocking'] }).catch(() => false)
  : Promise.resolve(false);

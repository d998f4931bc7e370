// The page for a navigation that could not be checked (fail-closed policy,
// no list in force yet): says why, in the browser's language, and offers to
// go back. It knows nothing of the page that was stopped.

import { api } from '../src/shared/browser.js';

/**
 * An element of this page by id (unavailable.html has every id asked for).
 * @param {string} id
 */
const $ = (id) => /** @type {HTMLElement} */ (document.getElementById(id));
/**
 * The browser's text for a message key of _locales ('' when none).
 * @param {string} key
 */
const msg = (key) => api.i18n.getMessage(key);

document.title = msg('unavailableDocTitle') || 'Turnback';
document.documentElement.lang = msg('@@ui_locale').replace(/_/g, '-') || 'en';
document.documentElement.dir = msg('@@bidi_dir') || 'ltr';
$('title').textContent = msg('unavailableTitle');
$('body').textContent = msg('unavailableBody');
$('back').textContent = msg('unavailableGoBack');
$('back').addEventListener('click', () => history.back());
$('title').focus();

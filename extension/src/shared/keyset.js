// Key sets, read by the widget's rules (www/src/keyset.js, copied by the
// build to widget/keyset.js): one copy for the widget and the extension.

export { KEY_TAG, MAX_KEYS, keyTexts, keysIn, loadWithKeySet } from '../../widget/keyset.js';

// widget/locale.js, copied into the build by extension/build.mjs from
// www/src/locale.js (the one language-tag parser): typed as that file itself.

export * from '../../../www/src/locale.js';

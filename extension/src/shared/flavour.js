// Which kind of build this is. This source, and so the unpacked builds in
// extension/dist/ that tests and `make run` load, is a development build;
// extension/build.mjs writes this file with `false` into the store packages
// (turnback-chromium.zip, turnback-firefox.xpi). Only a development build
// accepts plain-http list URLs for loopback and `*.test` hosts.

/** True in development builds, false in the store packages. */
export const DEVELOPMENT_BUILD = true;

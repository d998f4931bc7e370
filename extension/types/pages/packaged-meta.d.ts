// pages/packaged-meta.js, written by extension/build.mjs from data/meta/:
// typed from the data files themselves, so the two cannot drift apart.

type Messages = typeof import('../../../data/meta/messages.json');
type Resources = typeof import('../../../data/meta/resources.json');

/** The prevention messages by language code ("en" is always there). */
export declare const MESSAGES: Record<string, Messages['en']>;
/** The verified help services. */
export declare const RESOURCES: Resources;

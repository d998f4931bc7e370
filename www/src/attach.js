// Intercepts a search form's submission (or a lone input's Enter) before the
// provider's own handlers run. On "allow" it does nothing at all.

const TEXT_FIELDS = 'input[type="search"], input[type="text"], input:not([type]), textarea';

/**
 * A field whose value is checked: a search or text input, or a textarea.
 * @typedef {HTMLInputElement | HTMLTextAreaElement} TextField
 */

/**
 * True when `node` is an element named `tag` (upper-case), whichever document
 * or realm made it.
 * @param {unknown} node
 * @param {string} tag
 */
function isTag(node, tag) {
  const name = node && typeof node === 'object' && 'tagName' in node ? node.tagName : undefined;
  return typeof name === 'string' && name.toUpperCase() === tag;
}

/**
 * The node to listen on in the capture phase: the window for a document, else the shadow root.
 * @param {Element} node
 * @returns {EventTarget}
 */
function captureRoot(node) {
  const root = node.getRootNode();
  return root === node.ownerDocument ? node.ownerDocument.defaultView || root : root;
}

/**
 * Calls `decide(fields)` when `target` (a form, or an input/textarea) is about
 * to submit. `decide` returns true to let it proceed; on false the event's
 * default action and every later listener are stopped. Returns a function
 * that removes the listeners.
 * @param {HTMLFormElement | TextField} target
 * @param {(fields: TextField[]) => boolean} decide
 * @param {{ input?: TextField }} [options]
 * @returns {() => void}
 */
export function interceptSubmit(target, decide, options = {}) {
  /** @type {HTMLFormElement | null} */
  let form;
  /** @type {() => TextField[]} */
  let fields;
  if (isTag(target, 'FORM')) {
    const theForm = /** @type {HTMLFormElement} */ (target);
    form = theForm;
    fields = () => (options.input ? [options.input] : [.../** @type {NodeListOf<TextField>} */ (theForm.querySelectorAll(TEXT_FIELDS))]);
  } else if (isTag(target, 'INPUT') || isTag(target, 'TEXTAREA')) {
    const field = /** @type {TextField} */ (target);
    form = field.form || null;
    fields = () => [field];
  } else {
    throw new TypeError('Turnback attach(): expected a <form>, <input> or <textarea>');
  }

  /** @param {Event} e */
  const stop = (e) => {
    if (!decide(fields())) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  };
  /** @param {Event} e */
  const onSubmit = (e) => {
    if (e.target === form) stop(e);
  };
  /** @param {Event} event a keydown, so a KeyboardEvent (from whichever realm) */
  const onKeydown = (event) => {
    const e = /** @type {KeyboardEvent} */ (event);
    if (e.target === target && e.key === 'Enter' && !e.isComposing && e.keyCode !== 229) stop(e);
  };

  /** @type {(() => void)[]} */
  const removers = [];
  if (form) {
    const root = captureRoot(form);
    root.addEventListener('submit', onSubmit, true);
    removers.push(() => root.removeEventListener('submit', onSubmit, true));
  }
  if (!isTag(target, 'FORM')) {
    const root = captureRoot(target);
    root.addEventListener('keydown', onKeydown, true);
    removers.push(() => root.removeEventListener('keydown', onKeydown, true));
  }
  return () => removers.splice(0).forEach((r) => r());
}

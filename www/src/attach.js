// Intercepts a search form's submission (or a lone input's Enter) before the
// provider's own handlers run. On "allow" it does nothing at all.

const TEXT_FIELDS = 'input[type="search"], input[type="text"], input:not([type]), textarea';

function isTag(node, tag) {
  return !!node && typeof node.tagName === 'string' && node.tagName.toUpperCase() === tag;
}

/** The node to listen on in the capture phase: the window for a document, else the shadow root. */
function captureRoot(node) {
  const root = node.getRootNode();
  return root === node.ownerDocument ? root.defaultView || root : root;
}

/**
 * Calls `decide(fields)` when `target` (a form, or an input/textarea) is about
 * to submit. `decide` returns true to let it proceed; on false the event's
 * default action and every later listener are stopped. Returns a function
 * that removes the listeners.
 */
export function interceptSubmit(target, decide, options = {}) {
  let form;
  let fields;
  if (isTag(target, 'FORM')) {
    form = target;
    fields = () => (options.input ? [options.input] : [...form.querySelectorAll(TEXT_FIELDS)]);
  } else if (isTag(target, 'INPUT') || isTag(target, 'TEXTAREA')) {
    form = target.form || null;
    fields = () => [target];
  } else {
    throw new TypeError('Turnback attach(): expected a <form>, <input> or <textarea>');
  }

  const stop = (e) => {
    if (!decide(fields())) {
      e.preventDefault();
      e.stopImmediatePropagation();
    }
  };
  const onSubmit = (e) => {
    if (e.target === form) stop(e);
  };
  const onKeydown = (e) => {
    if (e.target === target && e.key === 'Enter' && !e.isComposing && e.keyCode !== 229) stop(e);
  };

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

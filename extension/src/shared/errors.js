// What to say about a thrown value in a log line or an error record.

/**
 * The `message` of a thrown value (an Error, or any object with one), else the value itself.
 * @param {unknown} err
 * @returns {unknown}
 */
export function errorMessage(err) {
  return (typeof err === 'object' && err !== null && 'message' in err ? err.message : undefined) ?? err;
}

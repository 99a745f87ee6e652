/**
 * A per-document analysis memoized on the object it reads (a document): several rules ask for the
 * same analysis of a document (directives, personas, actions), and the result lives exactly as
 * long as the document object does (the CLI drops it after its report, the language server after
 * the next edit).
 */
export function memoized<K extends object, T>(compute: (key: K) => T): (key: K) => T {
  const cache = new WeakMap<K, T>();
  return (key) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = compute(key)));
    return value;
  };
}

/**
 * `memoized` for an analysis that also reads what its key determines (a prompt's document or file
 * text): the value is computed from the first call's arguments and shared by every later call with
 * the same key.
 */
export function memoizedWith<K extends object, A extends unknown[], T>(compute: (key: K, ...args: A) => T): (key: K, ...args: A) => T {
  const cache = new WeakMap<K, T>();
  return (key, ...args) => {
    let value = cache.get(key);
    if (value === undefined) cache.set(key, (value = compute(key, ...args)));
    return value;
  };
}

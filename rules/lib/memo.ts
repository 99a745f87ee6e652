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

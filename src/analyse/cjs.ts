/**
 * graphology's algorithm packages are CommonJS with `export default` typings: under NodeNext
 * TypeScript types the default import as `{ default: fn }` while Node hands over `fn` itself. This
 * takes whichever is there, typed as the function.
 */
export function cjsDefault<T>(imported: { default: T } | T): T {
  const candidate = (imported as { default?: T }).default;
  return candidate ?? (imported as T);
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight. One GraphQL request may fan out
 * into dozens of store queries (an entity's relationships of every type, in both directions):
 * unbounded, two such requests took the driver's whole connection pool and every other request
 * then failed waiting for a connection.
 */
export async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  if (!(Number.isInteger(limit) && limit >= 1)) {
    throw new Error(`serve/each-limited: limit must be a positive integer, got ${limit}`);
  }
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

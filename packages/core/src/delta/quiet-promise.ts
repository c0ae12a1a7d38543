/** A promise that is awaited later: its rejection must not count as unhandled in the meantime. */
export function quiet<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined)
  return promise
}

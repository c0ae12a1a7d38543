/**
 * Runs up to `concurrency` jobs at a time, each only after the jobs it depends on have succeeded
 * (a table is copied after its parents, so a child row always finds its parent). The first failure
 * starts nothing new; jobs already running are awaited (they see the failure through their own stop
 * check). Dependencies outside `items` count as done.
 */
export async function runConcurrently<T extends { readonly table: string }>(
  items: readonly T[],
  dependenciesOf: (item: T) => readonly string[],
  concurrency: number,
  run: (item: T) => Promise<void>,
  onFailure: (error: unknown) => void,
): Promise<void> {
  const waiting = [...items]
  const unfinished = new Set(items.map((item) => item.table))
  const running = new Map<string, Promise<void>>()
  let failed = false
  while (!failed && (waiting.length > 0 || running.size > 0)) {
    const ready = waiting.filter((item) => dependenciesOf(item).every((dependency) => !unfinished.has(dependency)))
    // Dependencies in a cycle (foreign keys both ways, rare): nothing is ready and nothing runs; take the first anyway.
    if (ready.length === 0 && running.size === 0 && waiting[0]) ready.push(waiting[0])
    for (const item of ready) {
      if (running.size >= Math.max(1, concurrency)) break
      waiting.splice(waiting.indexOf(item), 1)
      running.set(
        item.table,
        run(item).then(
          () => {
            unfinished.delete(item.table)
            running.delete(item.table)
          },
          (error: unknown) => {
            failed = true
            onFailure(error)
            running.delete(item.table)
          },
        ),
      )
    }
    if (running.size > 0) await Promise.race(running.values())
  }
  await Promise.all(running.values())
}

/**
 * Runs up to `concurrency` jobs at a time, each only after the jobs it depends on have succeeded
 * (a table is copied after its parents, so a child row always finds its parent). A job for which
 * `takesLane` says false (one statement the server runs alone, such as an index build) starts as
 * soon as it is ready, beside the others. The first failure starts nothing new; jobs already running
 * are awaited (they see the failure through their own stop check). Dependencies outside `items` count as done.
 */
export async function runConcurrently<T extends { readonly table: string }>(
  items: readonly T[],
  dependenciesOf: (item: T) => readonly string[],
  concurrency: number,
  run: (item: T) => Promise<void>,
  onFailure: (error: unknown) => void,
  takesLane: (item: T) => boolean = () => true,
): Promise<void> {
  const waiting = [...items]
  const unfinished = new Set(items.map((item) => item.table))
  const running = new Map<string, Promise<void>>()
  let lanesUsed = 0
  let failed = false
  while (!failed && (waiting.length > 0 || running.size > 0)) {
    const ready = waiting.filter((item) => dependenciesOf(item).every((dependency) => !unfinished.has(dependency)))
    // Dependencies in a cycle (foreign keys both ways, rare): nothing is ready and nothing runs; take the first anyway.
    if (ready.length === 0 && running.size === 0 && waiting[0]) ready.push(waiting[0])
    for (const item of ready) {
      const lane = takesLane(item)
      if (lane && lanesUsed >= Math.max(1, concurrency)) continue
      if (lane) lanesUsed++
      waiting.splice(waiting.indexOf(item), 1)
      const finished = (): void => {
        running.delete(item.table)
        if (lane) lanesUsed--
      }
      running.set(
        item.table,
        run(item).then(
          () => {
            unfinished.delete(item.table)
            finished()
          },
          (error: unknown) => {
            failed = true
            onFailure(error)
            finished()
          },
        ),
      )
    }
    if (running.size > 0) await Promise.race(running.values())
  }
  await Promise.all(running.values())
}

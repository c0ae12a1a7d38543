import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { runConcurrently } from '../../src/data/copy-scheduler.js'

const job = (table: string, parents: string[] = []): { table: string; parents: string[] } => ({ table, parents })

describe('copy scheduler', () => {
  it('starts a table only after its parents finished, and never runs more than allowed at once', async () => {
    const events: string[] = []
    let running = 0
    let most = 0
    const items = [
      job('order'),
      job('item', ['order']),
      job('address', ['order']),
      job('payment', ['order']),
      job('invoice', ['order']),
      job('invoice_item', ['invoice', 'item']),
    ]
    await runConcurrently(
      items,
      (item) => item.parents,
      2,
      async (item) => {
        running++
        most = Math.max(most, running)
        events.push(`start ${item.table}`)
        await delay(item.table === 'item' ? 30 : 5)
        events.push(`end ${item.table}`)
        running--
      },
      (error) => {
        throw error
      },
    )
    expect(most).toBe(2)
    const at = (event: string): number => events.indexOf(event)
    for (const child of ['item', 'address', 'payment', 'invoice'])
      expect(at(`start ${child}`)).toBeGreaterThan(at('end order'))
    expect(at('start invoice_item')).toBeGreaterThan(Math.max(at('end invoice'), at('end item')))
    expect(events.filter((event) => event.startsWith('end'))).toHaveLength(items.length)
  })

  it('starts a job that takes no lane as soon as it is ready, beside the full lanes', async () => {
    const events: string[] = []
    const items = [
      job('order'),
      job('indexes:order', ['order']),
      job('item', ['order']),
      job('address', ['order']),
      job('payment', ['order']),
    ]
    let lanes = 0
    let most = 0
    await runConcurrently(
      items,
      (item) => item.parents,
      2,
      async (item) => {
        const lane = !item.table.startsWith('indexes:')
        if (lane) most = Math.max(most, ++lanes)
        events.push(`start ${item.table}`)
        await delay(item.table === 'order' ? 5 : item.table === 'indexes:order' ? 10 : 30)
        events.push(`end ${item.table}`)
        if (lane) lanes--
      },
      (error) => {
        throw error
      },
      (item) => !item.table.startsWith('indexes:'),
    )
    expect(most).toBe(2)
    // The build runs while two copies use both lanes.
    const at = (event: string): number => events.indexOf(event)
    expect(at('start item')).toBeLessThan(at('end indexes:order'))
    expect(at('start address')).toBeLessThan(at('end indexes:order'))
    expect(at('start indexes:order')).toBeGreaterThan(at('end order'))
  })

  it('treats dependencies outside the list as done, and breaks a cycle instead of waiting forever', async () => {
    const done: string[] = []
    await runConcurrently(
      [job('a', ['b']), job('b', ['a']), job('c', ['already_copied'])],
      (item) => item.parents,
      2,
      async (item) => {
        done.push(item.table)
      },
      () => undefined,
    )
    expect(done.sort()).toEqual(['a', 'b', 'c'])
  })

  it('starts nothing new after a failure and reports it once', async () => {
    const started: string[] = []
    const failures: unknown[] = []
    await runConcurrently(
      [job('a'), job('b', ['a']), job('c', ['a'])],
      (item) => item.parents,
      1,
      async (item) => {
        started.push(item.table)
        if (item.table === 'a') throw new Error('a failed')
      },
      (error) => failures.push(error),
    )
    expect(started).toEqual(['a'])
    expect(failures).toHaveLength(1)
  })
})

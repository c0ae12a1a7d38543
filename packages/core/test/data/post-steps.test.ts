import { setTimeout as delay } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { CopyItem, CopyPlan } from '../../src/data/copy-plan.js'
import { runConcurrently } from '../../src/data/copy-scheduler.js'
import { firstWhatPostStepsNeed, postStepJobs, type ScheduledJob } from '../../src/data/post-steps.js'
import type { DeltaStep } from '../../src/steps/delta-step.js'

/** Only what planning post-steps looks at: a title and the optional data-mode hooks. */
function step(title: string, hooks: { afterData?: boolean; needs?: readonly string[] } = {}): DeltaStep {
  return {
    title,
    ...(hooks.afterData ? { afterData: async () => undefined } : {}),
    ...(hooks.needs ? { afterDataNeeds: () => hooks.needs } : {}),
  } as unknown as DeltaStep
}

function item(table: string, owner: DeltaStep): CopyItem {
  return {
    table,
    sourcePhysical: table,
    keyColumns: ['id'],
    step: owner,
    destinationTable: table,
    keepsDestinationRows: false,
    copiedRows: undefined,
  }
}

const sales = step('sales delta', { afterData: true, needs: ['order', 'address', 'payment'] })
const catalog = step('catalog delta', { afterData: true })
const reviews = step('reviews')
const plan: CopyPlan = {
  items: [
    item('product', catalog),
    item('order', sales),
    item('item', sales),
    item('address', sales),
    item('payment', sales),
    item('review', reviews),
  ],
  held: new Map(),
  derived: [],
}

describe('post-copy steps in the copy schedule', () => {
  it('waits for the tables a step declares it reads, or for every table; steps without post-copy work get no job', () => {
    expect(postStepJobs(plan).map((job) => [job.table, job.needs])).toEqual([
      ['after:catalog delta', ['product', 'order', 'item', 'address', 'payment', 'review']],
      ['after:sales delta', ['order', 'address', 'payment']],
    ])
  })

  it('puts the copies an early post-step waits for first, the others after them, each in plan order', () => {
    expect(firstWhatPostStepsNeed(plan.items, postStepJobs(plan)).map((copy) => copy.table)).toEqual([
      'order',
      'address',
      'payment',
      'product',
      'item',
      'review',
    ])
  })

  it('runs a post-step alongside the copies it does not need', async () => {
    const jobs: ScheduledJob[] = [
      ...firstWhatPostStepsNeed(plan.items, postStepJobs(plan)).map((copy) => ({ table: copy.table, copy })),
      ...postStepJobs(plan),
    ]
    const events: string[] = []
    const parents = (job: ScheduledJob): readonly string[] =>
      job.copy ? (['item', 'address', 'payment'].includes(job.table) ? ['order'] : []) : (job.needs ?? [])
    await runConcurrently(
      jobs,
      parents,
      2,
      async (job) => {
        events.push(`start ${job.table}`)
        await delay(job.table === 'item' ? 60 : 5)
        events.push(`end ${job.table}`)
      },
      (error) => {
        throw error
      },
    )
    const at = (event: string): number => events.indexOf(event)
    expect(at('start after:sales delta')).toBeGreaterThan(
      Math.max(at('end order'), at('end address'), at('end payment')),
    )
    expect(at('start after:sales delta')).toBeLessThan(at('end item'))
    expect(at('start after:catalog delta')).toBeGreaterThan(
      Math.max(...plan.items.map((copy) => at(`end ${copy.table}`))),
    )
  })
})

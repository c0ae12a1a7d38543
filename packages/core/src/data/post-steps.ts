import type { DeltaStep } from '../steps/delta-step.js'
import type { CopyItem, CopyPlan } from './copy-plan.js'

/**
 * A table to copy, a step's post-copy work (named `after:<title>`) with the tables it waits for, or
 * the indexes of a Magento 2 table built after its copy (named `indexes:<table>`).
 */
export interface ScheduledJob {
  readonly table: string
  readonly copy?: CopyItem
  readonly step?: DeltaStep
  readonly needs?: readonly string[]
  readonly indexesOf?: string
}

/** Each step's post-copy work, waiting for the tables it declares it reads, or for every table of the plan. */
export function postStepJobs(plan: CopyPlan): ScheduledJob[] {
  const all = plan.items.map((item) => item.table)
  const steps = [...new Set(plan.items.map((item) => item.step))].filter((step) => step.afterData !== undefined)
  return steps.map((step) => {
    const declared = step.afterDataNeeds?.()
    return {
      table: `after:${step.title}`,
      step,
      needs: declared ? all.filter((table) => declared.includes(table)) : all,
    }
  })
}

/** Copies a post-step waits for first (in plan order), so it can overlap with the copies it does not need. */
export function firstWhatPostStepsNeed(copies: readonly CopyItem[], postSteps: readonly ScheduledJob[]): CopyItem[] {
  const needed = new Set(
    postSteps.filter((job) => job.needs && job.needs.length < copies.length).flatMap((job) => job.needs ?? []),
  )
  return [...copies.filter((item) => needed.has(item.table)), ...copies.filter((item) => !needed.has(item.table))]
}

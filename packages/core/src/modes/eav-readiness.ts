import { readDataRunStatus } from '../data/data-run-status.js'
import { checkEavAlignment } from '../magento/eav/alignment-check.js'
import type { DeltaStep } from '../steps/delta-step.js'
import type { RunContext } from './run-context.js'

/** Steps whose rows carry EAV ids and wait for `mig data run` to align them, and why (one line). */
export interface EavReadiness {
  readonly waiting: ReadonlySet<DeltaStep>
  readonly reason: string | undefined
}

const SHOWN = 3
const EAV_METADATA = ['eav_entity_type', 'eav_attribute', 'eav_attribute_set'] as const

/** The steps whose rows carry EAV ids and that apply a table Magento 1 has. */
export function stepsNeedingEav(context: RunContext): DeltaStep[] {
  const { config, sourceSchema } = context.environment
  const present = (step: DeltaStep): boolean =>
    step.tables(context.environment).some((table) => sourceSchema.has(`${config.options.sourcePrefix}${table}`))
  return context.steps.filter((step) => step.needsEavAlignment === true && present(step))
}

/**
 * EAV rows (values, entities with their attribute sets) carry Magento 1's ids as they are, which is
 * right only once a data run has aligned Magento 2's ids with Magento 1's: applied earlier, a value
 * would land on whichever Magento 2 attribute has that id. Until then the steps that say so
 * (`needsEavAlignment`) hold their changes, which stay captured. Aligned means the data run recorded
 * its alignment, or the ids already agree (stores set up alike).
 */
export async function readEavReadiness(context: RunContext): Promise<EavReadiness> {
  const { source, destination, config, sourceSchema, destinationSchema } = context.environment
  const { sourcePrefix, destPrefix } = config.options
  const needing = stepsNeedingEav(context)
  const ready: EavReadiness = { waiting: new Set(), reason: undefined }
  // Without EAV metadata on both sides there are no ids to align (a store of extension tables only).
  const metadata = EAV_METADATA.every(
    (table) => sourceSchema.has(`${sourcePrefix}${table}`) && destinationSchema.has(`${destPrefix}${table}`),
  )
  if (needing.length === 0 || !metadata) return ready
  if ((await readDataRunStatus(destination, config.options.destPrefix)).eavAligned) return ready
  const state = await checkEavAlignment(source, destination, config.options)
  if (state.misplaced.length === 0) return ready
  const examples = state.misplaced.slice(0, SHOWN).join(', ')
  const more = state.misplaced.length > SHOWN ? `, … ${state.misplaced.length - SHOWN} more` : ''
  return {
    waiting: new Set(needing),
    reason:
      `${needing.map((step) => step.title).join(', ')}: Magento 1's EAV ids are not Magento 2's yet (${examples}${more} of ${state.checked}); ` +
      'run `mig data run`, which aligns them and copies everything; until then these changes stay captured',
  }
}

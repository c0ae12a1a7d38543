import type { Session } from '../db/database-client.js'
import type { IntegrityProblem } from '../map/integrity-check.js'
import {
  DELTA_STEP_API,
  DELTA_STEP_BRAND,
  type ChangeFailure,
  type ChangeSet,
  type DeltaEnvironment,
  type DeltaStep,
  type LoadedChanges,
  type RoundSummary,
} from './delta-step.js'
import type { StepHooks } from './step-hooks.js'

/** Every optional hook (`StepHooks`) is a member of the class: subclasses implement them with `override`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging
export interface AbstractDelta extends StepHooks {}

/**
 * The class a vendor extends to apply its extension's tables in delta mode. Subclasses name
 * their tables, re-read and transform changed rows in `load`, and write them in
 * `applyDeletes`/`applyUpserts` inside the round's destination transaction. Most extend
 * `MapDelta`, which does all of that from map.xml, and only add `afterRound` work.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export abstract class AbstractDelta implements DeltaStep {
  /** On the prototype, so a class can be recognised before it is constructed. */
  get [DELTA_STEP_BRAND](): number {
    return DELTA_STEP_API
  }
  abstract readonly title: string
  readonly needsEavAlignment: boolean = false

  abstract tables(environment: DeltaEnvironment): readonly string[]

  /** Called once before the first cycle; returns integrity problems (an empty list when all is well). */
  async prepare(_environment: DeltaEnvironment): Promise<readonly IntegrityProblem[]> {
    return []
  }

  abstract load(changes: ChangeSet): Promise<LoadedChanges>
  abstract applyDeletes(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]>
  abstract applyUpserts(session: Session, loaded: LoadedChanges): Promise<readonly ChangeFailure[]>

  /** Derived Magento 2 data (grids, sequences, …), in the same transaction as the round's writes. */
  async afterRound(_session: Session, _round: RoundSummary): Promise<void> {}
}

import type { Session } from '../../db/database-client.js'
import { attributeInfos, attributeWrite, extraWrite, formWrite, websiteWrite } from './attribute-rows.js'
import type { EavMatching } from './eav-matching.js'
import type { EavSnapshot } from './eav-snapshot.js'
import { groupWrite, plainWrite } from './metadata-rows.js'
import type { EavWarning, UntranslatedModel } from './types.js'
import { writeRows, type TableWrite } from './write-rows.js'

export interface Magento1Writes {
  readonly m1: EavSnapshot
  readonly m2: EavSnapshot
  readonly matching: EavMatching
  /** Magento 2 set id as read → its final id. */
  readonly finalSetOf: (m2SetId: number) => number
  readonly destinationWebsites: ReadonlySet<number> | undefined
  readonly warnings: EavWarning[]
  readonly untranslated: UntranslatedModel[]
}

/**
 * Writes Magento 1's rows with their ids, parents first (entity types are Magento 2's and never
 * written). Returns how many rows each per-attribute extension table received.
 */
export async function writeMagento1Rows(session: Session, input: Magento1Writes): Promise<Record<string, number>> {
  const { m1, m2, matching } = input
  const { kinds } = matching
  const rowsInput = {
    m1,
    m2,
    attributes: kinds.attribute,
    destinationWebsites: input.destinationWebsites,
    warnings: input.warnings,
    untranslated: input.untranslated,
  }
  const infos = attributeInfos(rowsInput)
  const extraWrites = [
    extraWrite('catalog_eav_attribute', rowsInput, infos),
    extraWrite('customer_eav_attribute', rowsInput, infos),
    websiteWrite(rowsInput, infos),
    formWrite(rowsInput, infos),
  ]
  const writes: Array<TableWrite | undefined> = [
    plainWrite('attributeSet', m1, m2, kinds.attributeSet),
    groupWrite(m1, m2, kinds.attributeGroup, input.finalSetOf),
    attributeWrite(rowsInput, infos),
    ...extraWrites,
    plainWrite('option', m1, m2, kinds.option),
    plainWrite('optionValue', m1, m2, kinds.optionValue),
    plainWrite('label', m1, m2, kinds.label),
    plainWrite('placement', m1, m2, kinds.placement),
  ]
  for (const write of writes) if (write !== undefined) await writeRows(session, write, input.warnings)
  const extras: Record<string, number> = {}
  for (const write of extraWrites)
    if (write !== undefined) extras[write.table.name.slice(m2.prefix.length)] = write.rows.length
  return extras
}

import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** The two halves of mig's schema subset: the Magento 1 store and the Magento 2 target. */
export type SchemaSide = 'magento1' | 'magento2'

// This module sits two folders below the package root both as source (src/schema) and compiled (dist/schema);
// the .sql files ship in the package's schema/ folder ("files" in package.json).
const schemaDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'schema')

/** Absolute path of `schema/<side>.sql` (written by scripts/extract-schema-subset.mjs). */
export function schemaSubsetPath(side: SchemaSide): string {
  if (side !== 'magento1' && side !== 'magento2')
    throw new Error(`unknown schema side ${JSON.stringify(side)}: magento1 or magento2`)
  return path.join(schemaDir, `${side}.sql`)
}

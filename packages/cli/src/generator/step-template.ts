/** Which base class a generated plugin's step extends. */
export const STEP_KINDS = ['map', 'transform'] as const
export type StepKind = (typeof STEP_KINDS)[number]

interface StepTemplateInput {
  readonly packageName: string
  readonly className: string
  readonly table: string
  readonly kind: StepKind
}

/** The step, its test and (for `map`) map.xml of a new plugin, keyed by path inside the plugin folder. */
export function stepFiles(input: StepTemplateInput): Record<string, string> {
  return input.kind === 'map' ? mapStepFiles(input) : transformStepFiles(input)
}

const recognised = (className: string): string => `  it('is a delta step mig recognises', () => {
    const step = new ${className}()
    expect(isDeltaStep(step)).toBe(true)
    expect(step[DELTA_STEP_BRAND]).toBe(DELTA_STEP_API)
  })
`

function mapStepFiles({ packageName, className, table }: StepTemplateInput): Record<string, string> {
  return {
    'etc/map.xml': `<?xml version="1.0"?>
<!-- How the tables map to Magento 2: renames, moved and ignored columns, value handlers. -->
<map>
  <source>
    <document_rules>
      <!-- <rename><document>${table}</document><to>vendor_${table}</to></rename> -->
    </document_rules>
    <field_rules>
      <!-- <move><field>${table}.content</field><to>vendor_${table}.post_content</to></move> -->
      <!-- <transform><field>${table}.meta</field><handler class="\\Migration\\Handler\\SerializeToJson"/></transform> -->
    </field_rules>
  </source>
  <destination>
    <field_rules/>
  </destination>
</map>
`,
    'src/index.ts': `import { MapDelta } from '@mig/core'

export const pluginName = '${packageName}'

/**
 * Applies this plugin's tables as etc/map.xml describes them, in delta, the full copy, --reset and
 * verify. Override \`afterRound\` for work Magento 2 derives from them (grids, indexes), in the same
 * transaction as the round's writes.
 */
export class ${className} extends MapDelta {
  constructor() {
    super('${className}', { trackedBy: pluginName })
  }
}
`,
    [`test/${className}.test.ts`]: `import { DELTA_STEP_API, DELTA_STEP_BRAND, isDeltaStep, readDeltalogXml, readMapXml } from '@mig/core/engine'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ${className} } from '../src/index.js'

const etc = (file: string): string => fileURLToPath(new URL(\`../etc/\${file}\`, import.meta.url))

describe('${className}', () => {
${recognised(className)}
  it('ships a valid deltalog.xml and map.xml', async () => {
    const deltalog = readDeltalogXml(etc('deltalog.xml'))
    expect(deltalog.groups.flatMap((group) => group.documents.map((document) => document.table))).toContain('${table}')
    await expect(readMapXml(etc('map.xml'))).resolves.toBeDefined()
  })
})
`,
  }
}

function transformStepFiles({ packageName, className, table }: StepTemplateInput): Record<string, string> {
  return {
    'src/index.ts': `import { AbstractDelta, type DeltaEnvironment, type SqlRow, type StepTarget, type TargetRows } from '@mig/core'

export const pluginName = '${packageName}'

/**
 * Applies this plugin's tables through \`transform\`: mig re-reads changed Magento 1 rows, deletes
 * the rows of those that are gone from every target, and writes what \`transform\` returns — in
 * delta, the full copy, --reset and verify alike.
 */
export class ${className} extends AbstractDelta {
  readonly title = '${className}'

  /** The tables this package's etc/deltalog.xml names. */
  override tables(environment: DeltaEnvironment): readonly string[] {
    return environment.tracked.filter((tracked) => tracked.origins.includes(pluginName)).map((tracked) => tracked.table)
  }

  /** Where a row goes in Magento 2 (parents first), and which columns there hold its Magento 1 key. */
  override targets(_table: string): readonly StepTarget[] {
    return [{ table: 'vendor_${table}', keyColumns: ['entity_id'] }]
  }

  /** One Magento 1 row → its Magento 2 rows; values stay as read (strings for dates and decimals). */
  override transform(_table: string, row: SqlRow): TargetRows {
    return { vendor_${table}: [{ ...row }] }
  }
}
`,
    [`test/${className}.test.ts`]: `import { DELTA_STEP_API, DELTA_STEP_BRAND, isDeltaStep, readDeltalogXml } from '@mig/core/engine'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ${className} } from '../src/index.js'

const etc = (file: string): string => fileURLToPath(new URL(\`../etc/\${file}\`, import.meta.url))

describe('${className}', () => {
${recognised(className)}
  it('ships a valid deltalog.xml', () => {
    const deltalog = readDeltalogXml(etc('deltalog.xml'))
    expect(deltalog.groups.flatMap((group) => group.documents.map((document) => document.table))).toContain('${table}')
  })

  it('turns a Magento 1 row into its Magento 2 rows, values unchanged', () => {
    const step = new ${className}()
    const row = { entity_id: '7', created_at: '2012-03-04 05:06:07', price: '10.5000' }
    expect(step.transform('${table}', row)).toEqual({ vendor_${table}: [row] })
    expect(step.targets('${table}').map((target) => target.table)).toEqual(['vendor_${table}'])
  })
})
`,
  }
}

/** The files of a new vendor delta plugin, keyed by their path inside the plugin folder. */
export interface PluginTemplateInput {
  /** npm name, e.g. `@vendor/delta-blog`. */
  readonly packageName: string
  /** The class name, e.g. `BlogDelta`. */
  readonly className: string
  /** The Magento 1 table the skeleton starts with. */
  readonly table: string
  readonly coreVersion: string
}

export function pluginTemplate(input: PluginTemplateInput): Record<string, string> {
  const { packageName, className, table, coreVersion } = input
  const coreRange = `^${coreVersion}`
  return {
    'package.json': `${JSON.stringify(
      {
        name: packageName,
        version: '0.1.0',
        description: `mig delta plugin for ${table}`,
        type: 'module',
        license: 'UNLICENSED',
        engines: { node: '>=20.19.0' },
        main: './dist/index.js',
        exports: { '.': { types: './dist/index.d.ts', import: './dist/index.js' } },
        files: ['dist', 'etc'],
        scripts: { build: 'tsc -p tsconfig.json', test: 'vitest run', prepare: 'npm run build' },
        oclif: {},
        mig: { deltalog: './etc/deltalog.xml', map: './etc/map.xml', main: './dist/index.js' },
        peerDependencies: { '@mig/core': coreRange },
        devDependencies: { '@mig/core': coreRange, typescript: '~5.9.3', vitest: '^4.1.0' },
      },
      null,
      2,
    )}\n`,
    'tsconfig.json': `${JSON.stringify(
      {
        compilerOptions: {
          target: 'ES2022',
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          strict: true,
          declaration: true,
          outDir: 'dist',
          rootDir: 'src',
          skipLibCheck: true,
        },
        include: ['src'],
      },
      null,
      2,
    )}\n`,
    'etc/deltalog.xml': `<?xml version="1.0"?>
<!-- The Magento 1 tables whose changes this plugin captures, with the key each deltalog tracks. -->
<groups>
  <group name="${packageName.replace(/[^a-z0-9]+/gi, '_')}">
    <document key="entity_id">${table}</document>
  </group>
</groups>
`,
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
 * Applies this plugin's tables as etc/map.xml describes them. Override \`afterRound\` for work
 * Magento 2 derives from them (grids, indexes), in the same transaction as the round's writes.
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
  it('is a delta step mig recognises', () => {
    const step = new ${className}()
    expect(isDeltaStep(step)).toBe(true)
    expect(step[DELTA_STEP_BRAND]).toBe(DELTA_STEP_API)
  })

  it('ships a valid deltalog.xml and map.xml', async () => {
    const deltalog = readDeltalogXml(etc('deltalog.xml'))
    expect(deltalog.groups.flatMap((group) => group.documents.map((document) => document.table))).toContain('${table}')
    await expect(readMapXml(etc('map.xml'))).resolves.toBeDefined()
  })
})
`,
    'README.md': `# ${packageName}

A [mig](https://www.npmjs.com/package/@mig/cli) delta plugin: keeps Magento 2 in sync with the Magento 1 table \`${table}\`.

- \`etc/deltalog.xml\`: tables and keys whose changes are captured (\`mig delta setup\`).
- \`etc/map.xml\`: how they map to Magento 2 (upstream Data Migration Tool format).
- \`src/index.ts\`: \`${className}\`, the step \`mig delta run\` uses for them.

\`\`\`sh
npm install && npm test
mig plugins link .            # or: mig plugins install ${packageName}
mig delta setup config.xml && mig delta run config.xml
\`\`\`
`,
  }
}

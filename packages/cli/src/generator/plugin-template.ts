import { stepFiles, type StepKind } from './step-template.js'

/** The files of a new vendor delta plugin, keyed by their path inside the plugin folder. */
export interface PluginTemplateInput {
  /** npm name, e.g. `@vendor/delta-blog`. */
  readonly packageName: string
  /** The class name, e.g. `BlogDelta`. */
  readonly className: string
  /** The Magento 1 table the skeleton starts with. */
  readonly table: string
  readonly coreVersion: string
  /** `map`: rows map column for column (map.xml, `MapDelta`); `transform`: the step writes them (`AbstractDelta`). */
  readonly kind: StepKind
}

export function pluginTemplate(input: PluginTemplateInput): Record<string, string> {
  const { packageName, className, table, coreVersion, kind } = input
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
        mig:
          kind === 'map'
            ? { deltalog: './etc/deltalog.xml', map: './etc/map.xml', main: './dist/index.js' }
            : { deltalog: './etc/deltalog.xml', main: './dist/index.js' },
        peerDependencies: { '@mig/core': coreRange },
        devDependencies: { '@mig/core': coreRange, '@types/node': '^20.19.0', typescript: '~5.9.3', vitest: '^4.1.12' },
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
          types: ['node'],
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
    ...stepFiles(input),
    'README.md': `# ${packageName}

A [mig](https://www.npmjs.com/package/@mig/cli) delta plugin: keeps Magento 2 in sync with the Magento 1 table \`${table}\`.

- \`etc/deltalog.xml\`: tables and keys whose changes are captured (\`mig delta setup\`).
${kind === 'map' ? '- `etc/map.xml`: how they map to Magento 2 (upstream Data Migration Tool format).\n' : ''}- \`src/index.ts\`: \`${className}\`, the step mig uses for them (delta, the full copy, \`--reset\`, verify).

How to write it: the mig repository's vendor guide, examples/delta-blog/README.md (map.xml and
\`MapDelta\`) and examples/delta-brand/README.md (\`AbstractDelta\`).

\`\`\`sh
npm install && npm test
mig plugins link .            # or: mig plugins install ${packageName}
mig delta setup config.xml && mig delta run config.xml
\`\`\`
`,
  }
}

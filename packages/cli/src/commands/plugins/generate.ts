import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { Args, Flags } from '@oclif/core'
import { CORE_VERSION, UsageError, isPlainIdentifier } from '@mig/core/engine'
import { MigCommand } from '../../support/base-command.js'
import { pluginTemplate } from '../../generator/plugin-template.js'
import { STEP_KINDS } from '../../generator/step-template.js'

const PACKAGE_NAME = /^(@[a-z0-9][a-z0-9._-]*\/)?[a-z0-9][a-z0-9._-]*$/

export default class PluginsGenerate extends MigCommand {
  static override summary = "Create a new delta plugin for an extension's tables, with a passing test"
  static override examples = [
    '<%= config.bin %> plugins generate @vendor/delta-blog --table blog_post',
    '<%= config.bin %> plugins generate delta-faq --dir ./faq --class FaqDelta',
    '<%= config.bin %> plugins generate @vendor/delta-brand --table brand --kind transform',
  ]
  static override args = { name: Args.string({ description: 'npm package name of the plugin', required: true }) }
  static override flags = {
    table: Flags.string({ description: 'the first Magento 1 table it tracks', default: 'vendor_entity' }),
    class: Flags.string({ description: 'class name of its delta step (default: from the package name)' }),
    dir: Flags.string({ description: 'folder to create (default: the package name without scope)' }),
    kind: Flags.option({
      description:
        'map: rows map column for column (map.xml, MapDelta); transform: the step writes them (AbstractDelta)',
      options: STEP_KINDS,
      default: 'map',
    })(),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(PluginsGenerate)
    if (!PACKAGE_NAME.test(args.name))
      throw new UsageError(`"${args.name}" is not an npm package name; use lower case like @vendor/delta-blog`)
    if (!isPlainIdentifier(flags.table))
      throw new UsageError(`--table "${flags.table}" is not a plain MySQL table name`)
    const className = flags.class ?? classNameFor(args.name)
    if (!/^[A-Z][A-Za-z0-9]*$/.test(className))
      throw new UsageError(`--class "${className}" is not a class name; use PascalCase like BlogDelta`)
    const folder = path.resolve(flags.dir ?? args.name.replace(/^@[^/]+\//, ''))
    if (existsSync(folder) && readdirSync(folder).length > 0)
      throw new UsageError(`${folder} is not empty; choose another --dir`)
    const files = pluginTemplate({
      packageName: args.name,
      className,
      table: flags.table,
      coreVersion: CORE_VERSION,
      kind: flags.kind,
    })
    for (const [relative, content] of Object.entries(files)) {
      const file = path.join(folder, relative)
      mkdirSync(path.dirname(file), { recursive: true })
      writeFileSync(file, content)
    }
    this.log(
      `created ${args.name} in ${folder} (${Object.keys(files).length} files); next: cd ${path.relative(process.cwd(), folder) || '.'} && npm install && npm test`,
    )
  }
}

/** `@vendor/delta-blog` → `BlogDelta`. */
function classNameFor(packageName: string): string {
  const base = packageName.replace(/^@[^/]+\//, '').replace(/^(mig-)?delta-/, '')
  const pascal = base
    .split(/[^a-zA-Z0-9]+/)
    .filter(Boolean)
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
  return `${pascal || 'Vendor'}Delta`
}

import path from 'node:path'
import { readDeltalogXml } from '../deltalog/deltalog-xml-reader.js'
import { mergeTrackedTables } from '../deltalog/tracked-tables.js'
import type { MigrationConfig } from '../interfaces/config.js'
import type { DeltalogSource, TrackedTable } from '../interfaces/deltalog.js'
import type { PluginManifest } from './plugin-manifest.js'

/**
 * Every table whose changes are captured: each plugin's deltalog.xml, then the user's own file
 * (option delta_document_groups_file). A table claimed twice with different keys is an error
 * naming both sources.
 */
export function collectTrackedTables(
  plugins: readonly PluginManifest[],
  config: Pick<MigrationConfig, 'options'>,
): TrackedTable[] {
  const sources: DeltalogSource[] = []
  for (const plugin of plugins) {
    const file = plugin.mig?.deltalog
    if (file) sources.push(readDeltalogXml(path.resolve(plugin.root, file), plugin.name))
  }
  const userFile = config.options.deltaDocumentGroupsFile
  if (userFile) sources.push(readDeltalogXml(userFile, userFile))
  return mergeTrackedTables(sources)
}

import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { loadConfig, type MigrationConfig } from '@mig/core/engine'
import type { DemoDatabases } from './demo-databases.js'
import type { DemoServer } from './server-connection.js'

export interface DemoConfig {
  /** The temporary folder holding config.xml and mig.log. */
  readonly dir: string
  readonly file: string
  readonly config: MigrationConfig
}

/**
 * Writes the config.xml a merchant would write for these two databases and reads it back through
 * the product's own loader. The password stays out of the file: it travels in MIG_SOURCE_PASSWORD /
 * MIG_DESTINATION_PASSWORD, as the README recommends, so a kept config.xml holds no secret.
 */
export async function writeDemoConfig(server: DemoServer, databases: DemoDatabases): Promise<DemoConfig> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mig-demo-'))
  const file = path.join(dir, 'config.xml')
  const database = (name: string): string =>
    `<database host="${escapeXml(server.host)}" port="${server.port}" name="${escapeXml(name)}" user="${escapeXml(server.user)}"/>`
  const xml = `<?xml version="1.0"?>
<!-- written by \`mig demo\`: a throwaway Magento 1 store and its Magento 2 target -->
<config>
  <source>${database(databases.magento1)}</source>
  <destination>${database(databases.magento2)}</destination>
  <options>
    <source_prefix></source_prefix>
    <dest_prefix></dest_prefix>
    <bulk_size>0</bulk_size>
    <log_file>mig.log</log_file>
    <!-- both databases live on one server: tables without value handlers are copied by the server itself -->
    <direct_document_copy>1</direct_document_copy>
  </options>
</config>
`
  await writeFile(file, xml, { mode: 0o600 })
  const env = { ...process.env, MIG_SOURCE_PASSWORD: server.password, MIG_DESTINATION_PASSWORD: server.password }
  const config = await loadConfig(file, { cwd: dir, env })
  return { dir, file, config }
}

function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testDbSettings } from './test-database.js'

export interface TestConfigOptions {
  readonly source: string
  readonly destination: string
  readonly options?: Readonly<Record<string, string>>
  readonly sourcePassword?: string
  readonly extraXml?: string
}

/** Writes a config.xml in the upstream format into a fresh temp folder; returns its path. */
export function writeConfigXml(
  config: TestConfigOptions,
  dir = mkdtempSync(path.join(os.tmpdir(), 'mig-config-')),
): string {
  const db = testDbSettings()
  const password = (value: string): string => (value === '' ? '' : ` password="${escapeXml(value)}"`)
  const options = Object.entries(config.options ?? {})
    .map(([name, value]) => `    <${name}>${escapeXml(value)}</${name}>`)
    .join('\n')
  const xml = `<?xml version="1.0"?>
<config xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="urn:magento:module:Magento_Migration:etc/config.xsd">
  <source>
    <database host="${db.host}" port="${db.port}" name="${config.source}" user="${db.user}"${password(config.sourcePassword ?? db.password)}/>
  </source>
  <destination>
    <database host="${db.host}" port="${db.port}" name="${config.destination}" user="${db.user}"${password(db.password)}/>
  </destination>
  <options>
${options}
  </options>
${config.extraXml ?? ''}
</config>
`
  const file = path.join(dir, 'config.xml')
  writeFileSync(file, xml)
  return file
}

export function escapeXml(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')
}

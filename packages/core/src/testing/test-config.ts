import { mkdtempSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { testDatabaseSettings } from './test-database.js'

export interface TestConfigInput {
  readonly source: string
  readonly destination: string
  /** config.xml `<options>` (e.g. `source_prefix`, `bulk_size`). */
  readonly options?: Readonly<Record<string, string>>
  /** Steps named the upstream way: `{ title: 'Blog', delta: '@vendor/delta-blog#BlogDelta' }`. */
  readonly steps?: readonly { readonly title: string; readonly delta: string }[]
}

const escapeXml = (text: string): string =>
  text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')

/** A config.xml in the upstream format for the test server, in a fresh temporary folder; returns its path. */
export function writeTestConfig(input: TestConfigInput): string {
  const db = testDatabaseSettings()
  const password = db.password === '' ? '' : ` password="${escapeXml(db.password)}"`
  const database = (name: string): string =>
    `<database host="${escapeXml(db.host)}" port="${db.port}" name="${escapeXml(name)}" user="${escapeXml(db.user)}"${password}/>`
  const options = Object.entries(input.options ?? {}).map(
    ([name, value]) => `    <${name}>${escapeXml(value)}</${name}>`,
  )
  const steps = (input.steps ?? []).map(
    (step) => `    <step title="${escapeXml(step.title)}"><delta>${escapeXml(step.delta)}</delta></step>`,
  )
  const xml = [
    '<?xml version="1.0"?>',
    '<config xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="urn:magento:module:Magento_Migration:etc/config.xsd">',
    ...(steps.length > 0 ? ['  <steps mode="delta">', ...steps, '  </steps>'] : []),
    `  <source>${database(input.source)}</source>`,
    `  <destination>${database(input.destination)}</destination>`,
    '  <options>',
    ...options,
    '  </options>',
    '</config>',
    '',
  ].join('\n')
  const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'mig-test-config-')), 'config.xml')
  writeFileSync(file, xml)
  return file
}

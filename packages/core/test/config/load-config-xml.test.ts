import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from '../../src/config/index.js'
import { isMigError, type MigError } from '../../src/errors/mig-error.js'
import { tempFolder } from './temp-folder.js'

/** An upstream opensource-to-opensource config.xml.dist with mig values filled in. */
const FULL_CONFIG = `<?xml version="1.0" encoding="UTF-8"?>
<config xmlns:xs="http://www.w3.org/2001/XMLSchema-instance" xs:noNamespaceSchemaLocation="urn:magento:module:Magento_Migration:etc/config.xsd">
    <steps mode="settings">
        <step title="Settings Step">
            <integrity>Migration\\Step\\Settings\\Integrity</integrity>
            <data>Migration\\Step\\Settings\\Data</data>
        </step>
    </steps>
    <steps mode="data">
        <step title="Map Step">
            <integrity>Migration\\Step\\Map\\Integrity</integrity>
            <data>Migration\\Step\\Map\\Data</data>
            <volume>Migration\\Step\\Map\\Volume</volume>
        </step>
    </steps>
    <steps mode="delta">
        <step title="Blog">
            <delta>@vendor/delta-blog#BlogDelta</delta>
            <volume>@vendor/delta-blog#BlogVolume</volume>
        </step>
    </steps>
    <source type="database" version="1.9.3.6">
        <database host="127.0.0.1" port="3307" name="magento1" user="root" password="s3cret-pass"/>
    </source>
    <destination type="database" version="2.4.8">
        <database host="db.example.com" name="magento2" user="m2_user"/>
    </destination>
    <options>
        <map_file>etc/map.xml</map_file>
        <eav_map_file>etc/opensource-to-opensource/map-eav.xml.dist</eav_map_file>
        <class_map>etc/opensource-to-opensource/class-map.xml.dist</class_map>
        <settings_map_file>etc/opensource-to-opensource/settings.xml.dist</settings_map_file>
        <customer_attr_map_file>etc/customer-attr-map.xml.dist</customer_attr_map_file>
        <sales_order_map_file>etc/map-sales.xml.dist</sales_order_map_file>
        <log_map_file>etc/map-log.xml.dist</log_map_file>
        <delta_log_map_file>etc/delta-log.xml.dist</delta_log_map_file>
        <bulk_size>100</bulk_size>
        <direct_document_copy>0</direct_document_copy>
        <source_prefix />
        <dest_prefix>m2_</dest_prefix>
        <auto_resolve_urlrewrite_duplicates>0</auto_resolve_urlrewrite_duplicates>
        <delta_document_groups_file>deltalog.xml</delta_document_groups_file>
        <log_file>/var/log/migration.log</log_file>
        <progress_bar_format>%percent%% [%bar%] Remaining Time: %remaining%</progress_bar_format>
        <upgrade_customer_password_hash>1</upgrade_customer_password_hash>
        <edition_migrate>opensource-to-opensource</edition_migrate>
        <edition_number>1.9.3.6</edition_number>
        <init_statements_source>SET NAMES utf8; SET @note = 'a;b';</init_statements_source>
        <init_statements_destination>SET NAMES utf8;</init_statements_destination>
        <crypt_key />
    </options>
</config>
`

/** A minimal valid config with `extra` spliced into <options> and `database` replacing the source attributes. */
function configXml(parts: { options?: string; source?: string; steps?: string } = {}): string {
  return [
    '<config>',
    parts.steps ??
      '  <steps mode="delta"><step title="Blog"><delta>@vendor/delta-blog#BlogDelta</delta></step></steps>',
    `  <source><database ${parts.source ?? 'host="localhost" name="magento1" user="root"'}/></source>`,
    '  <destination><database host="localhost" name="magento2" user="root"/></destination>',
    `  <options>${parts.options ?? ''}</options>`,
    '</config>',
    '',
  ].join('\n')
}

async function loadError(path: string | undefined, options: Parameters<typeof loadConfig>[1] = {}): Promise<MigError> {
  try {
    await loadConfig(path, options)
  } catch (error) {
    if (isMigError(error)) return error
    throw error
  }
  throw new Error('expected loadConfig to fail')
}

describe('loadConfig with config.xml', () => {
  it('parses a full upstream config into the typed object', async () => {
    const folder = tempFolder({ 'config.xml': FULL_CONFIG })
    const config = await loadConfig('config.xml', { cwd: folder, env: {} })
    expect(config.file).toBe(join(folder, 'config.xml'))
    expect(config.source).toEqual({
      host: '127.0.0.1',
      port: 3307,
      name: 'magento1',
      user: 'root',
      password: 's3cret-pass',
    })
    expect(config.destination).toEqual({
      host: 'db.example.com',
      port: 3306,
      name: 'magento2',
      user: 'm2_user',
      password: '',
    })
    expect(config.options.bulkSize).toBe(100)
    expect(config.options.sourcePrefix).toBe('')
    expect(config.options.destPrefix).toBe('m2_')
    expect(config.options.mapFile).toBe(join(folder, 'etc', 'map.xml'))
    expect(config.options.deltaDocumentGroupsFile).toBe(join(folder, 'deltalog.xml'))
    expect(config.options.logFile).toBe('/var/log/migration.log')
    expect(config.options.cryptKey).toBeUndefined()
    expect(config.options.initStatementsSource).toEqual(['SET NAMES utf8', "SET @note = 'a;b'"])
    expect(config.options.initStatementsDestination).toEqual(['SET NAMES utf8'])
    expect(config.options.raw.edition_number).toBe('1.9.3.6')
    expect(config.options.raw.map_file).toBe('etc/map.xml')
    expect(config.options.raw.source_prefix).toBe('')
    expect(config.steps.map((steps) => steps.mode)).toEqual(['settings', 'data', 'delta'])
    const delta = config.steps[2]?.steps[0]
    expect(delta?.title).toBe('Blog')
    expect(delta?.classes.map(({ stage, reference }) => ({ stage, reference }))).toEqual([
      { stage: 'delta', reference: '@vendor/delta-blog#BlogDelta' },
      { stage: 'volume', reference: '@vendor/delta-blog#BlogVolume' },
    ])
    expect(delta?.classes[0]?.location).toEqual({ file: 'config.xml', line: 18, column: 13 })
    expect(config.warnings).toEqual([])
  })

  it('applies defaults: port 3306, empty password, bulk_size 0, no prefixes, no init statements', async () => {
    const folder = tempFolder({ 'config.xml': configXml() })
    const config = await loadConfig(join(folder, 'config.xml'), { env: {} })
    expect(config.source.port).toBe(3306)
    expect(config.source.password).toBe('')
    expect(config.options).toEqual({
      sourcePrefix: '',
      destPrefix: '',
      bulkSize: 0,
      sourceFormattedCopy: true,
      deferIndexes: 'auto',
      initStatementsSource: [],
      initStatementsDestination: [],
      raw: {},
    })
  })

  it('accepts upstream host:port and a config.xml.dist copy detected by content', async () => {
    const folder = tempFolder({
      'config.xml.dist': configXml({ source: 'host="db1:3310" name="magento1" user="root"' }),
    })
    const config = await loadConfig('config.xml.dist', { cwd: folder, env: {} })
    expect(config.source.host).toBe('db1')
    expect(config.source.port).toBe(3310)
  })

  it('fails with one line naming a missing file', async () => {
    const folder = tempFolder()
    const error = await loadError('missing/config.xml', { cwd: folder })
    expect(error.exitCode).toBe(2)
    expect(error.message).toBe('missing/config.xml: cannot read the configuration file (no such file); check the path')
    expect(error.message).not.toContain('\n')
  })

  it('reports malformed XML with its line and column', async () => {
    const folder = tempFolder({
      'config.xml': '<config>\n  <source>\n    <database host="h" name="n" user="u">\n  </source>\n</config>\n',
    })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.exitCode).toBe(2)
    expect(error.message).toMatch(/^config\.xml:4:3: malformed XML: .*database/)
  })

  it('rejects an unknown steps mode and an unknown stage, with locations', async () => {
    const steps =
      '  <steps mode="turbo"><step title="A"><data>X</data></step></steps>\n  <steps mode="delta">\n    <step title="B"><migrate>Y</migrate></step>\n  </steps>'
    const folder = tempFolder({ 'config.xml': configXml({ steps }) })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.message).toBe('config.xml: 2 problems; fix them and run again')
    expect(error.details).toEqual([
      'config.xml:4:21: unknown stage <migrate> in <step> (use <integrity>, <data>, <delta>, <volume>)',
      'config.xml:2:3: unknown steps mode "turbo" (use settings, data, delta)',
    ])
  })

  it('warns about an unknown option with its line but keeps going', async () => {
    const folder = tempFolder({
      'config.xml': configXml({ options: '\n    <bulk_size>10</bulk_size>\n    <turbo_mode>1</turbo_mode>\n  ' }),
    })
    const config = await loadConfig('config.xml', { cwd: folder, env: {} })
    expect(config.options.bulkSize).toBe(10)
    expect(config.options.raw.turbo_mode).toBe('1')
    expect(config.warnings).toEqual([
      'config.xml:7:5: unknown option "turbo_mode" is ignored (check its spelling against the upstream config.xml.dist)',
    ])
  })

  it.each(['-1', '12abc', '1.5', 'ten'])('rejects bulk_size %j', async (value) => {
    const folder = tempFolder({ 'config.xml': configXml({ options: `<bulk_size>${value}</bulk_size>` }) })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.details).toEqual([
      `config.xml:5:12: bulk_size ${JSON.stringify(value)} is not a whole number (use 0 (automatic) or a positive number of rows, e.g. 100)`,
    ])
  })

  it.each([
    ['0', false],
    ['1', true],
    ['', true],
  ])('reads source_formatted_copy %j', async (value, expected) => {
    const folder = tempFolder({
      'config.xml': configXml({ options: `<source_formatted_copy>${value}</source_formatted_copy>` }),
    })
    const config = await loadConfig('config.xml', { cwd: folder, env: {} })
    expect(config.options.sourceFormattedCopy).toBe(expected)
    expect(config.warnings).toEqual([])
  })

  it('rejects a source_formatted_copy that is neither 1 nor 0', async () => {
    const folder = tempFolder({
      'config.xml': configXml({ options: '<source_formatted_copy>yes</source_formatted_copy>' }),
    })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.details).toEqual([
      'config.xml:5:12: source_formatted_copy "yes" is neither 1 nor 0 (write 1 to turn the option on or 0 to turn it off)',
    ])
  })

  it.each([
    ['auto', 'auto'],
    ['', 'auto'],
    ['1', 'always'],
    ['0', 'never'],
  ])('reads defer_indexes %j', async (value, expected) => {
    const folder = tempFolder({ 'config.xml': configXml({ options: `<defer_indexes>${value}</defer_indexes>` }) })
    const config = await loadConfig('config.xml', { cwd: folder, env: {} })
    expect(config.options.deferIndexes).toBe(expected)
    expect(config.warnings).toEqual([])
  })

  it('rejects a defer_indexes other than auto, 1 or 0', async () => {
    const folder = tempFolder({ 'config.xml': configXml({ options: '<defer_indexes>yes</defer_indexes>' }) })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.details).toEqual([
      'config.xml:5:12: defer_indexes "yes" is not auto, 1 or 0 (write auto (build the indexes of large tables after their copy), 1 (of every table) or 0 (never))',
    ])
  })

  it('rejects hostile identifiers in database names and table prefixes', async () => {
    const folder = tempFolder({
      'config.xml': configXml({
        source: 'host="localhost" name="m1`; DROP TABLE x" user="root"',
        options: '<source_prefix>m1`; DROP TABLE x</source_prefix><dest_prefix>a b</dest_prefix>',
      }),
    })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.message).toBe('config.xml: 3 problems; fix them and run again')
    expect(error.details[0]).toMatch(
      /^config\.xml:3:11: source database name "m1`; DROP TABLE x" is not a plain MySQL name/,
    )
    expect(error.details[1]).toMatch(/^config\.xml:5:12: table prefix "m1`; DROP TABLE x" is not allowed/)
    expect(error.details[2]).toMatch(/^config\.xml:5:60: table prefix "a b" is not allowed/)
  })

  it.each([
    ['0', 'is not a port number'],
    ['65536', 'is not a port number'],
    ['33o6', 'is not a port number'],
  ])('rejects port %j', async (port, text) => {
    const folder = tempFolder({
      'config.xml': configXml({ source: `host="localhost" port="${port}" name="magento1" user="root"` }),
    })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.details).toHaveLength(1)
    expect(error.details[0]).toContain(`config.xml:3:11: source database port "${port}" ${text}`)
  })

  it('reports every problem at once, each with its location and a fix', async () => {
    const xml = [
      '<config>',
      '  <steps><step><data>X</data></step></steps>',
      '  <source><database host="bad host!" name="" user="ro ot" password="hunter22"/></source>',
      "  <options><bulk_size>lots</bulk_size><init_statements_source>SET @a = 'x</init_statements_source></options>",
      '  <extra/>',
      '</config>',
    ].join('\n')
    const folder = tempFolder({ 'config.xml': xml })
    const error = await loadError('config.xml', { cwd: folder })
    expect(error.message).toBe('config.xml: 9 problems; fix them and run again')
    expect(error.details).toEqual([
      'config.xml:5:3: unknown element <extra> in <config> (expected <steps>, <source>, <destination> or <options>)',
      'config.xml:1:1: <config> has no <destination> (add <destination><database host="…" name="…" user="…" password="…"/></destination>)',
      'config.xml:3:11: source database host "bad host!" is not a host name or IP address (write e.g. 127.0.0.1 or db.example.com)',
      'config.xml:3:11: source database name is missing (set name on the source database)',
      'config.xml:3:11: source database user "ro ot" is not a valid user name (use letters, digits, _ $ . @ or -, at most 80 characters)',
      'config.xml:4:12: bulk_size "lots" is not a whole number (use 0 (automatic) or a positive number of rows, e.g. 100)',
      "config.xml:4:39: SQL statements end inside an '-quoted string (close the quote or comment)",
      'config.xml:2:3: steps without a mode (set mode to settings, data, delta)',
      'config.xml:2:10: step without a title (give every step a title, e.g. title="Blog")',
    ])
  })

  it('takes passwords from MIG_SOURCE_PASSWORD / MIG_DESTINATION_PASSWORD over the file', async () => {
    const folder = tempFolder({
      'config.xml': configXml({ source: 'host="localhost" name="magento1" user="root" password="from-file"' }),
    })
    const config = await loadConfig('config.xml', {
      cwd: folder,
      env: { MIG_SOURCE_PASSWORD: 'from-env', MIG_DESTINATION_PASSWORD: '' },
    })
    expect(config.source.password).toBe('from-env')
    expect(config.destination.password).toBe('')
    const fileOnly = await loadConfig('config.xml', { cwd: folder, env: {} })
    expect(fileOnly.source.password).toBe('from-file')
  })

  it('never shows a password in problems, even when it lands in another field', async () => {
    const folder = tempFolder({
      'config.xml': configXml({
        source: 'host="localhost" name="magento1" user="Sup3r$ecret!" password="Sup3r$ecret!" pasword="x"',
      }),
    })
    const error = await loadError('config.xml', { cwd: folder, env: { MIG_DESTINATION_PASSWORD: 'env-Secret-9' } })
    const text = [error.message, ...error.details].join('\n')
    expect(error.details.length).toBe(2)
    expect(text).not.toContain('Sup3r$ecret!')
    expect(text).toContain('***')
    expect(text).toContain('unknown source database setting "pasword"')
  })

  it('warns that ssl attributes are ignored', async () => {
    const folder = tempFolder({
      'config.xml': configXml({ source: 'host="localhost" name="magento1" user="root" ssl_ca="/ca.pem"' }),
    })
    const config = await loadConfig('config.xml', { cwd: folder, env: {} })
    expect(config.warnings).toHaveLength(1)
    expect(config.warnings[0]).toMatch(/^config\.xml:3:11: source database setting "ssl_ca" is not supported/)
  })
})

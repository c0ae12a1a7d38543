#!/usr/bin/env node
/**
 * Writes mig's schema subset, packages/demo/schema/magento1.sql and magento2.sql, from the two real dumps
 * (../shared/fixtures/README.md): the CREATE TABLE statements of the tables mig, its plugins, its tests and the seeded
 * store writer use, and only the rows they need (stores, configuration, EAV metadata, statuses, directory, the dumps'
 * small sample catalogs). No customers, orders or quotes; no triggers, DEFINERs, LOCK TABLES, DROP TABLE. Which tables and rows,
 * and why: subset-tables.mjs. The output depends on the dumps only (no dates), so a rerun gives the same bytes.
 *
 *   node packages/demo/scripts/extract-schema-subset.mjs [--fixtures DIR] [--out-dir DIR] [--check]
 *
 * DIR defaults: MIG_FIXTURES_DIR, else ../shared/fixtures next to the repository; packages/demo/schema.
 * --check writes nothing and exits 1 when the files on disk differ from what would be written.
 * Plain Node (>= 20), no dependencies: it runs before anything is installed or built.
 */
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { MAGENTO1, MAGENTO2 } from './subset-tables.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const packageRoot = path.resolve(here, '..')
const repoRoot = path.resolve(packageRoot, '..', '..')

function parseArgs(argv) {
  const options = { fixtures: undefined, outDir: path.join(packageRoot, 'schema'), check: false }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]
    if (arg === '--check') options.check = true
    else if (arg === '--fixtures') options.fixtures = path.resolve(argv[++i] ?? '')
    else if (arg === '--out-dir') options.outDir = path.resolve(argv[++i] ?? '')
    else
      throw new Error(
        `unknown argument ${arg}; usage: extract-schema-subset.mjs [--fixtures DIR] [--out-dir DIR] [--check]`,
      )
  }
  const fromEnv = process.env.MIG_FIXTURES_DIR
  options.fixtures ??= fromEnv ? path.resolve(fromEnv) : path.resolve(repoRoot, '..', 'shared', 'fixtures')
  return options
}

// ---- the plugins' own lists: what is captured, and where it lands in Magento 2 ----

function pluginFiles(name) {
  const packages = path.join(repoRoot, 'packages')
  return readdirSync(packages)
    .filter((dir) => dir.startsWith('plugin-'))
    .sort()
    .map((dir) => path.join(packages, dir, 'etc', name))
    .filter((file) => existsSync(file))
}

/** Every <document> of packages/plugin-* /etc/deltalog.xml. */
function trackedTables() {
  const tables = new Set()
  for (const file of pluginFiles('deltalog.xml')) {
    for (const match of readFileSync(file, 'utf8').matchAll(/<document\b[^>]*>\s*([A-Za-z0-9_]+)\s*<\/document>/g))
      tables.add(match[1])
  }
  return [...tables].sort()
}

/** Source-side <rename>s of packages/plugin-* /etc/map.xml: Magento 1 table → Magento 2 table. */
function renames() {
  const map = new Map()
  for (const file of pluginFiles('map.xml')) {
    const text = readFileSync(file, 'utf8')
    const source = text.slice(0, text.indexOf('<destination>'))
    for (const match of source.matchAll(
      /<rename>\s*<document>([A-Za-z0-9_]+)<\/document>\s*<to>([A-Za-z0-9_]+)<\/to>\s*<\/rename>/g,
    ))
      map.set(match[1], match[2])
  }
  return map
}

// ---- reading a mysqldump file ----

/**
 * Tables of a mysqldump file: DDL lines, column names, foreign key parents, and rows (each with its text as dumped
 * and its values). The file is read as latin1 so every byte goes back out unchanged.
 */
function readDump(file) {
  const text = readFileSync(file).toString('latin1')
  const tables = new Map()
  const lines = text.split('\n')
  let inRoutine = false
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]
    // triggers (DELIMITER ;; … DELIMITER ;) are left out altogether
    if (/^DELIMITER /.test(line)) inRoutine = line.trim() !== 'DELIMITER ;'
    if (inRoutine) continue
    const create = /^CREATE TABLE `([^`]+)` \($/.exec(line)
    if (create) {
      const ddl = [line]
      while (!lines[i].endsWith(';')) ddl.push(lines[++i])
      const columns = ddl.map((l) => /^ {2}`([^`]+)` /.exec(l)?.[1]).filter((name) => name !== undefined)
      const parents = ddl
        .map((l) => /^ {2}CONSTRAINT `[^`]+` FOREIGN KEY \(.*?\) REFERENCES `([^`]+)`/.exec(l)?.[1])
        .filter((name) => name !== undefined)
      tables.set(create[1], { name: create[1], ddl, columns, parents: [...new Set(parents)].sort(), rows: [] })
      continue
    }
    const insert = /^INSERT INTO `([^`]+)` VALUES /.exec(line)
    if (insert) {
      const table = tables.get(insert[1])
      if (!table) throw new Error(`${file}: rows for ${insert[1]} before its CREATE TABLE`)
      for (const row of parseTuples(line, insert[0].length, file)) {
        if (row.values.length !== table.columns.length)
          throw new Error(
            `${file}: ${table.name} row has ${row.values.length} values for ${table.columns.length} columns`,
          )
        table.rows.push({
          raw: row.raw,
          values: Object.fromEntries(table.columns.map((column, index) => [column, row.values[index]])),
        })
      }
    } else if (/^INSERT\b/i.test(line)) {
      throw new Error(`${file}: unexpected INSERT form (expected mysqldump's extended inserts): ${line.slice(0, 80)}`)
    }
  }
  return { text, tables }
}

const ESCAPES = { 0: '\0', b: '\b', n: '\n', r: '\r', t: '\t', Z: '\x1a' }

/** The (…),(…); tuples of one INSERT line: raw text of each, and its values (strings, or null for NULL). */
function parseTuples(line, start, file) {
  const rows = []
  let i = start
  for (;;) {
    if (line[i] !== '(') throw new Error(`${file}: expected ( at column ${i} of ${line.slice(0, 60)}`)
    const begin = i++
    const values = []
    for (;;) {
      if (line[i] === "'") {
        let value = ''
        for (i++; ; i++) {
          const char = line[i]
          if (char === undefined) throw new Error(`${file}: unterminated string in ${line.slice(0, 60)}`)
          if (char === '\\') value += ESCAPES[line[++i]] ?? line[i]
          else if (char === "'" && line[i + 1] === "'") value += line[++i]
          else if (char === "'") break
          else value += char
        }
        i++
        values.push(value)
      } else {
        const end = line.slice(i).search(/[,)]/)
        const token = line.slice(i, i + end)
        values.push(token === 'NULL' ? null : token)
        i += end
      }
      if (line[i] === ',') i++
      else if (line[i] === ')') break
      else throw new Error(`${file}: unexpected ${line[i]} at column ${i}`)
    }
    rows.push({ raw: line.slice(begin, ++i), values })
    if (line[i] === ',') i++
    else if (line[i] === ';') return rows
    else throw new Error(`${file}: unexpected ${line[i]} after a row at column ${i}`)
  }
}

// ---- choosing tables and rows ----

/** Tables of each group, parents added; every table with its group's reason and row policy. */
function chooseTables(spec, dump, context) {
  const chosen = new Map()
  const absent = []
  const add = (name, reason, rows) => {
    if (!chosen.has(name)) chosen.set(name, { reason, rows: spec.catalogRows.test(name) ? 'all' : rows })
  }
  for (const group of spec.groups) {
    for (const entry of expand(group.tables, dump, context)) {
      if (entry.optional && !dump.tables.has(entry.name)) absent.push(entry.name)
      else if (!dump.tables.has(entry.name))
        throw new Error(`${spec.dump} has no table ${entry.name} (group: ${group.reason})`)
      else add(entry.name, group.reason, group.rows)
    }
  }
  for (const name of [...chosen.keys()]) addParents(name, spec, dump, chosen)
  return {
    chosen: new Map([...chosen].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    absent: [...new Set(absent)].sort(),
  }
}

function expand(tables, dump, context) {
  if (tables === 'deltalog') return context.tracked.map((name) => ({ name }))
  if (tables === 'destinations')
    return context.tracked.map((name) => ({ name: context.renames.get(name) ?? name, optional: true }))
  return tables.flatMap((entry) =>
    (entry instanceof RegExp ? [...dump.tables.keys()].filter((name) => entry.test(name)).sort() : [entry]).map(
      (name) => ({ name }),
    ),
  )
}

function addParents(name, spec, dump, chosen) {
  for (const parent of dump.tables.get(name).parents) {
    if (chosen.has(parent)) continue
    const rows = spec.catalogRows.test(parent) ? 'all' : spec.parentRows[parent]
    if (rows === undefined)
      throw new Error(
        `${parent} is a foreign key parent of ${name} in ${spec.dump}: give it a row policy in parentRows (subset-tables.mjs)`,
      )
    chosen.set(parent, { reason: 'foreign key parents of the tables above', rows })
    addParents(parent, spec, dump, chosen)
  }
}

/** The kept rows of every chosen table. */
function keptRows(spec, dump, chosen) {
  const result = new Map()
  for (const [name, { rows: policy }] of chosen) {
    const all = dump.tables.get(name).rows
    if (policy === 'all') result.set(name, all)
    else if (policy === 'none') result.set(name, [])
    else if (typeof policy.where === 'function')
      result.set(
        name,
        all.filter((row) => policy.where(row.values)),
      )
    else throw new Error(`${spec.dump} ${name}: unknown row policy ${JSON.stringify(policy)}`)
  }
  return result
}

/** The writer sells Magento 1's products; Magento 2 must have them under the same ids (subset-tables.mjs CATALOG_ROWS). */
function checkProductIds(sides) {
  const ids = sides.map((side) => new Set(side.rows.get('catalog_product_entity').map((row) => row.values.entity_id)))
  const missing = [...ids[0]].filter((id) => !ids[1].has(id))
  if (missing.length > 0)
    throw new Error(
      `Magento 1 products ${missing.join(', ')} have no Magento 2 product with the same id: wishlists could not be migrated`,
    )
}

// ---- writing ----

const PREAMBLE = [
  'SET NAMES utf8mb4;',
  '-- as mysqldump does: rows in any order, store_id 0 kept (NO_AUTO_VALUE_ON_ZERO), restored at the end',
  'SET @mig_subset_fk = @@FOREIGN_KEY_CHECKS, FOREIGN_KEY_CHECKS = 0;',
  'SET @mig_subset_uc = @@UNIQUE_CHECKS, UNIQUE_CHECKS = 0;',
  "SET @mig_subset_mode = @@SQL_MODE, SQL_MODE = 'NO_AUTO_VALUE_ON_ZERO';",
  "SET @mig_subset_tz = @@TIME_ZONE, TIME_ZONE = '+00:00';",
]
const POSTAMBLE = [
  'SET FOREIGN_KEY_CHECKS = @mig_subset_fk;',
  'SET UNIQUE_CHECKS = @mig_subset_uc;',
  'SET SQL_MODE = @mig_subset_mode;',
  'SET TIME_ZONE = @mig_subset_tz;',
]

function render(spec, dump, chosen, absent, rows) {
  const out = [...header(spec, dump, chosen, absent, rows), '', ...PREAMBLE]
  for (const [name] of chosen) {
    const table = dump.tables.get(name)
    const kept = rows.get(name)
    const ddl = [...table.ddl]
    // A counter past rows that are not here would only mislead; where every row is kept, the dump's counter stays.
    if (kept.length !== table.rows.length) ddl[ddl.length - 1] = ddl[ddl.length - 1].replace(/ AUTO_INCREMENT=\d+/, '')
    out.push('', ...ddl)
    if (kept.length > 0)
      out.push(
        `INSERT INTO \`${name}\` VALUES`,
        ...kept.map((row, index) => row.raw + (index === kept.length - 1 ? ';' : ',')),
      )
  }
  out.push('', ...POSTAMBLE, '')
  return Buffer.from(out.join('\n'), 'latin1')
}

function header(spec, dump, chosen, absent, rows) {
  const digest = createHash('sha256').update(dump.text, 'latin1').digest('hex')
  const rowCount = [...rows.values()].reduce((sum, list) => sum + list.length, 0)
  const lines = [
    `-- mig schema subset, ${spec.title} side: ${chosen.size} tables, ${rowCount} rows.`,
    `-- Derived from ${spec.dump} (sha256 ${digest.slice(0, 16)}, see ../shared/fixtures/README.md) by`,
    '-- packages/demo/scripts/extract-schema-subset.mjs; do not edit, regenerate with',
    '--   node packages/demo/scripts/extract-schema-subset.mjs   (MIG_FIXTURES_DIR=<folder of the dumps>)',
    '-- The tables mig, its plugins, its tests and the seeded store writer use, with only the rows they need: metadata',
    "-- and the dump's small sample catalog; no customers, orders, quotes or other transactional rows. Load it into an",
    '-- empty database (`mariadb db < file`, or loadSchemaSubset() of @mig/demo, which can prefix every table).',
    "-- Tables, why, and rows kept ('-' = structure only):",
  ]
  const byReason = new Map()
  for (const [name, { reason }] of chosen) byReason.set(reason, [...(byReason.get(reason) ?? []), name])
  const reasons = [...spec.groups.map((group) => group.reason), 'foreign key parents of the tables above']
  for (const reason of reasons) {
    const names = byReason.get(reason)
    if (!names) continue
    byReason.delete(reason)
    lines.push(...wrap(`${reason}:`.split(' '), '--  ', ' '))
    lines.push(
      ...wrap(
        names.map((name) => `${name} (${rows.get(name).length || '-'}),`),
        '--    ',
        ' ',
      ).map((line, index, all) => (index === all.length - 1 ? line.replace(/,$/, '') : line)),
    )
  }
  if (absent.length > 0) {
    lines.push(
      '--  captured tables without a Magento 2 table of that name (derived grids, data Magento 2 keeps elsewhere):',
    )
    lines.push(
      ...wrap(
        absent.map((name, index) => name + (index === absent.length - 1 ? '' : ',')),
        '--    ',
        ' ',
      ),
    )
  }
  return lines
}

/** Words joined with `separator` into comment lines of at most 118 characters. */
function wrap(words, indent, separator) {
  const lines = []
  let line = indent
  for (const word of words) {
    if (line !== indent && line.length + separator.length + word.length > 118) {
      lines.push(line)
      line = indent
    }
    line += (line === indent ? '' : separator) + word
  }
  if (line !== indent) lines.push(line)
  return lines
}

// ---- main ----

function main() {
  const options = parseArgs(process.argv.slice(2))
  const context = { tracked: trackedTables(), renames: renames() }
  const sides = [MAGENTO1, MAGENTO2].map((spec) => {
    const file = path.join(options.fixtures, spec.dump)
    if (!existsSync(file))
      throw new Error(`${file} not found; set MIG_FIXTURES_DIR or --fixtures to the folder of the real dumps`)
    const dump = readDump(file)
    return { spec, dump, ...chooseTables(spec, dump, context) }
  })
  for (const side of sides) side.rows = keptRows(side.spec, side.dump, side.chosen)
  checkProductIds(sides)
  let differs = false
  for (const side of sides) {
    const output = render(side.spec, side.dump, side.chosen, side.absent, side.rows)
    new TextDecoder('utf-8', { fatal: true }).decode(output) // the header declares utf8mb4: fail rather than write mojibake
    const target = path.join(options.outDir, side.spec.output)
    if (options.check) {
      const same = existsSync(target) && readFileSync(target).equals(output)
      if (!same) differs = true
      console.log(`${same ? 'unchanged' : 'DIFFERS'}: ${target}`)
    } else {
      mkdirSync(options.outDir, { recursive: true })
      writeFileSync(target, output)
      console.log(`${target}: ${side.chosen.size} tables, ${(output.length / 1024).toFixed(0)} KB`)
    }
  }
  if (differs) process.exitCode = 1
}

try {
  main()
} catch (error) {
  console.error(`extract-schema-subset: ${error instanceof Error ? error.message : String(error)}`)
  process.exitCode = 2
}

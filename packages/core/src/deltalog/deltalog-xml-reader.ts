import { readFileSync } from 'node:fs'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { isPlainIdentifier } from '../db/identifier.js'
import { UsageError } from '../errors/mig-error.js'
import type { DeltalogDocument, DeltalogGroup, DeltalogSource } from '../interfaces/deltalog.js'
import type { SourceLocation } from '../interfaces/config.js'
import { sameKeys } from './tracked-tables.js'

/*
 * Reads an upstream deltalog.xml:
 *
 *   <groups>
 *     <group name="delta_sales">
 *       <document key="entity_id">sales_flat_order</document>
 *       <document>some_table</document>   (no key: the table's primary key)
 *     </group>
 *   </groups>
 *
 * Every problem is reported with file:line:column; all of them are collected and thrown as one UsageError.
 */

const TEXT = '#text'
const ATTRIBUTES = '$'
const META = XMLParser.getMetaDataSymbol() as unknown as symbol

type XmlNode = Record<string | symbol, unknown>

interface Problem {
  readonly index: number
  readonly message: string
}

/** Reads and parses a deltalog.xml file; `origin` (a plugin name or the file) defaults to `file`. */
export function readDeltalogXml(file: string, origin: string = file): DeltalogSource {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    if (code === 'ENOENT') {
      throw new UsageError(
        `${file}: deltalog file not found; check delta_document_groups_file or the plugin's deltalog path`,
      )
    }
    const reason = error instanceof Error ? error.message : String(error)
    throw new UsageError(`${file}: cannot read deltalog file: ${oneLine(reason)}`)
  }
  return parseDeltalogXml(text, file, origin)
}

/** Parses deltalog.xml text; `file` is used in locations and messages. */
export function parseDeltalogXml(text: string, file: string, origin: string = file): DeltalogSource {
  // Positions are computed on the same text the parser sees.
  const xml = text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  const lines = lineStarts(xml)
  const at = (index: number): SourceLocation => ({ file, ...lineColumn(lines, index) })

  const valid = XMLValidator.validate(xml)
  if (valid !== true) {
    const line = valid.err.line ?? 1
    const column = valid.err.col ?? 1
    throw new UsageError(`${file}:${line}:${column}: malformed XML in deltalog.xml: ${oneLine(valid.err.msg)}`)
  }

  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    attributesGroupName: ATTRIBUTES,
    alwaysCreateTextNode: true,
    captureMetaData: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    isArray: (name, _path, _leaf, isAttribute) => !isAttribute && (name === 'group' || name === 'document'),
  })
  let root: XmlNode
  try {
    root = parser.parse(xml) as XmlNode
  } catch (error) {
    // e.g. element names the parser refuses (__proto__); the validator has already passed the syntax.
    const reason = error instanceof Error ? error.message : String(error)
    throw new UsageError(`${file}: cannot read deltalog.xml: ${oneLine(reason)}`)
  }

  const problems: Problem[] = []
  const problem = (index: number, message: string): void => {
    problems.push({ index, message })
  }

  const groupsByName = new Map<string, { name: string; documents: DeltalogDocument[] }>()
  /** First document per table in this file, to refuse the same table with two different keys. */
  const firstByTable = new Map<string, { keys: readonly string[]; index: number }>()

  let rootSeen = false
  for (const [name, value] of Object.entries(root)) {
    if (name.startsWith('?')) continue
    for (const node of asNodes(value)) {
      const index = startOf(node)
      if (name !== 'groups') {
        problem(index, `unexpected element <${name}>; the root element must be <groups>`)
        continue
      }
      if (rootSeen) {
        problem(index, 'a second <groups> element; put every <group> in one <groups>')
        continue
      }
      rootSeen = true
      readGroups(node)
    }
  }
  if (!rootSeen && problems.length === 0) {
    problem(0, 'no <groups> root element')
  }

  function readGroups(node: XmlNode): void {
    const start = scanStartTag(xml, startOf(node))
    for (const [attribute, position] of start.attributes) {
      // Namespace declarations and namespaced attributes (xs:noNamespaceSchemaLocation) are allowed on the root.
      if (attribute === 'xmlns' || attribute.includes(':')) continue
      problem(position.nameIndex, `unexpected attribute "${attribute}" on <groups>`)
    }
    for (const [name, value] of Object.entries(node)) {
      if (name === ATTRIBUTES) continue
      if (name === TEXT) {
        unexpectedText(node, value, 'groups')
        continue
      }
      for (const child of asNodes(value)) {
        if (name === 'group') readGroup(child)
        else problem(startOf(child), `unexpected element <${name}> in <groups>; only <group> is allowed`)
      }
    }
  }

  function readGroup(node: XmlNode): void {
    const index = startOf(node)
    const start = scanStartTag(xml, index)
    let groupName: string | undefined
    for (const [attribute, position] of start.attributes) {
      if (attribute !== 'name') {
        problem(position.nameIndex, `unexpected attribute "${attribute}" on <group>; only "name" is allowed`)
        continue
      }
      const trimmed = position.raw.trim()
      if (trimmed === '')
        problem(position.valueIndex, 'empty group name; give the group a name, e.g. name="delta_sales"')
      else groupName = trimmed
    }
    if (!start.attributes.has('name')) {
      problem(index, '<group> has no name; add name="…"')
    }

    let group: { name: string; documents: DeltalogDocument[] } | undefined
    if (groupName !== undefined) {
      group = groupsByName.get(groupName)
      if (group === undefined) {
        group = { name: groupName, documents: [] }
        groupsByName.set(groupName, group)
      }
    }

    for (const [name, value] of Object.entries(node)) {
      if (name === ATTRIBUTES) continue
      if (name === TEXT) {
        unexpectedText(node, value, 'group')
        continue
      }
      for (const child of asNodes(value)) {
        if (name !== 'document') {
          problem(startOf(child), `unexpected element <${name}> in <group>; only <document> is allowed`)
          continue
        }
        const document = readDocument(child)
        if (document !== undefined && group !== undefined) group.documents.push(document)
      }
    }
  }

  function readDocument(node: XmlNode): DeltalogDocument | undefined {
    const index = startOf(node)
    const start = scanStartTag(xml, index)
    let ok = true

    for (const [name, value] of Object.entries(node)) {
      if (name === ATTRIBUTES || name === TEXT) continue
      for (const child of asNodes(value)) {
        problem(startOf(child), `unexpected element <${name}> in <document>; write only the table name`)
        ok = false
      }
    }

    // Table name: the element's text.
    const rawText = typeof node[TEXT] === 'string' ? node[TEXT] : ''
    const table = rawText.trim()
    const tableIndex = table === '' ? index : contentStart(xml, start.end)
    if (table === '') {
      problem(index, '<document> has no table name; write the Magento 1 table name inside it')
      ok = false
    } else if (!isPlainIdentifier(table)) {
      problem(
        tableIndex,
        `table ${JSON.stringify(table)} is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
      )
      ok = false
    }

    // Key columns: key="a,b"; no attribute means the table's primary key.
    const keys: string[] = []
    for (const [attribute, position] of start.attributes) {
      if (attribute !== 'key') {
        problem(position.nameIndex, `unexpected attribute "${attribute}" on <document>; only "key" is allowed`)
        ok = false
        continue
      }
      if (position.raw.trim() === '') {
        problem(
          position.valueIndex,
          'empty key; list the key columns (key="a,b") or remove the attribute to use the primary key',
        )
        ok = false
        continue
      }
      const seen = new Map<string, number>()
      let offset = 0
      for (const item of position.raw.split(',')) {
        const column = item.trim()
        const columnIndex = position.valueIndex + offset + (item.length - item.trimStart().length)
        offset += item.length + 1
        if (column === '') {
          problem(columnIndex, `empty column name in key ${JSON.stringify(position.raw)}; remove the extra comma`)
          ok = false
          continue
        }
        if (!isPlainIdentifier(column)) {
          problem(
            columnIndex,
            `key column ${JSON.stringify(column)} is not a plain MySQL name (letters, digits, _ or $, at most 64 characters); fix the name`,
          )
          ok = false
          continue
        }
        // Column names are case-insensitive in MySQL.
        const folded = column.toLowerCase()
        const first = seen.get(folded)
        if (first !== undefined) {
          const where = lineColumn(lines, first)
          problem(
            columnIndex,
            `key column "${column}" is listed twice (first at ${where.line}:${where.column}); list each column once`,
          )
          ok = false
          continue
        }
        seen.set(folded, columnIndex)
        keys.push(column)
      }
    }

    if (!ok) return undefined

    const earlier = firstByTable.get(table)
    if (earlier === undefined) {
      firstByTable.set(table, { keys, index })
    } else if (earlier.keys.length > 0 && keys.length > 0 && !sameKeys(earlier.keys, keys)) {
      const where = lineColumn(lines, earlier.index)
      problem(
        index,
        `table "${table}" is listed again with key (${keys.join(',')}) but at ${where.line}:${where.column} with key (${earlier.keys.join(',')}); keep one document`,
      )
      return undefined
    } else if (earlier.keys.length === 0 && keys.length > 0) {
      firstByTable.set(table, { keys, index })
    }

    return { table, keys, location: at(tableIndex) }
  }

  function unexpectedText(node: XmlNode, value: unknown, element: string): void {
    if (typeof value !== 'string' || value.trim() === '') return
    const start = scanStartTag(xml, startOf(node))
    problem(firstOwnText(xml, start.end), `unexpected text ${JSON.stringify(shorten(value.trim()))} in <${element}>`)
  }

  if (problems.length > 0) {
    problems.sort((a, b) => a.index - b.index)
    const details = problems.map((p) => {
      const { line, column } = lineColumn(lines, p.index)
      return `${file}:${line}:${column}: ${p.message}`
    })
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
    throw new UsageError(`${file}: ${count} in deltalog.xml`, details)
  }

  const groups: DeltalogGroup[] = [...groupsByName.values()].map((g) => ({ name: g.name, documents: g.documents }))
  return { origin, groups }
}

function asNodes(value: unknown): XmlNode[] {
  const list = Array.isArray(value) ? value : [value]
  return list.filter((v): v is XmlNode => typeof v === 'object' && v !== null)
}

function startOf(node: XmlNode): number {
  const meta = node[META] as { startIndex?: number } | undefined
  return meta?.startIndex ?? 0
}

interface AttributePosition {
  readonly nameIndex: number
  /** Index of the first character of the value (after the quote). */
  readonly valueIndex: number
  /** The value as written (entities are not decoded). */
  readonly raw: string
}

/** Finds attribute positions in the start tag beginning at `index` (text already validated as XML). */
function scanStartTag(xml: string, index: number): { attributes: Map<string, AttributePosition>; end: number } {
  const attributes = new Map<string, AttributePosition>()
  const name = /<[^\s/>]+/y
  name.lastIndex = index
  if (name.exec(xml) === null) return { attributes, end: index }
  const attribute = /\s*([^\s=/>]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/y
  let position = name.lastIndex
  for (;;) {
    attribute.lastIndex = position
    const match = attribute.exec(xml)
    if (match === null) break
    const attributeName = match[1] ?? ''
    const raw = match[2] ?? match[3] ?? ''
    const nameIndex = match.index + match[0].indexOf(attributeName)
    const valueIndex = attribute.lastIndex - raw.length - 1
    attributes.set(attributeName, { nameIndex, valueIndex, raw })
    position = attribute.lastIndex
  }
  const close = xml.indexOf('>', position)
  return { attributes, end: close === -1 ? position : close + 1 }
}

/** First index of real content after `index`, skipping whitespace and comments. */
function contentStart(xml: string, index: number): number {
  let i = index
  for (;;) {
    while (i < xml.length && /\s/.test(xml[i] ?? '')) i++
    if (!xml.startsWith('<!--', i)) return i
    const end = xml.indexOf('-->', i + 4)
    if (end === -1) return i
    i = end + 3
  }
}

/** Index of the first non-blank text that belongs to the element whose content starts at `index` (not to its children). */
function firstOwnText(xml: string, index: number): number {
  let depth = 0
  let i = index
  while (i < xml.length) {
    if (xml.startsWith('<!--', i)) {
      const end = xml.indexOf('-->', i + 4)
      i = end === -1 ? xml.length : end + 3
    } else if (xml.startsWith('<![CDATA[', i)) {
      if (depth === 0) return i
      const end = xml.indexOf(']]>', i + 9)
      i = end === -1 ? xml.length : end + 3
    } else if (xml.startsWith('<?', i)) {
      const end = xml.indexOf('?>', i + 2)
      i = end === -1 ? xml.length : end + 2
    } else if (xml.startsWith('</', i)) {
      if (depth === 0) break
      depth--
      i = xml.indexOf('>', i) + 1 || xml.length
    } else if (xml[i] === '<') {
      const start = scanStartTag(xml, i)
      if (xml[start.end - 2] !== '/') depth++
      i = Math.max(start.end, i + 1)
    } else if (depth === 0 && !/\s/.test(xml[i] ?? '')) {
      return i
    } else {
      i++
    }
  }
  return index
}

function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1)
  return starts
}

/** 1-based line and column of a 0-based index. */
function lineColumn(starts: readonly number[], index: number): { line: number; column: number } {
  let low = 0
  let high = starts.length - 1
  while (low < high) {
    const mid = (low + high + 1) >> 1
    if ((starts[mid] ?? 0) <= index) low = mid
    else high = mid - 1
  }
  return { line: low + 1, column: index - (starts[low] ?? 0) + 1 }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim()
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

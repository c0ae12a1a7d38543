import { readFile } from 'node:fs/promises'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { UsageError } from '../errors/mig-error.js'
import type { SourceLocation } from '../interfaces/config.js'
import { formatLocation } from './source-location.js'

/**
 * A parsed XML element with its position, so every reader (config.xml, map.xml, deltalog.xml)
 * can point the merchant at the exact line and column of a bad value.
 */
export interface XmlElement {
  readonly name: string
  /** Attribute values as written (entities decoded, never converted to numbers). */
  readonly attributes: Readonly<Record<string, string>>
  /** The element's own text, trimmed at both ends; pieces split by comments or child elements are joined. */
  readonly text: string
  readonly children: readonly XmlElement[]
  /** Where the element's start tag begins. */
  readonly location: SourceLocation
}

/** Index-to-position lookups for one text, without rescanning it for every element. */
class LineIndex {
  private readonly lineStarts: number[] = [0]

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i)
      if (char === 10 || (char === 13 && text.charCodeAt(i + 1) !== 10)) this.lineStarts.push(i + 1)
    }
  }

  at(index: number): { line: number; column: number } {
    let low = 0
    let high = this.lineStarts.length - 1
    while (low < high) {
      const middle = (low + high + 1) >> 1
      if ((this.lineStarts[middle] ?? 0) <= index) low = middle
      else high = middle - 1
    }
    return { line: low + 1, column: index - (this.lineStarts[low] ?? 0) + 1 }
  }
}

/** Turns a character index into 1-based line and column; `\r\n`, `\r` and `\n` all end a line. */
export function lineColumnAt(text: string, index: number): { line: number; column: number } {
  return new LineIndex(text).at(Math.max(0, Math.min(index, text.length)))
}

// preserveOrder keeps elements in document order as `{ tag: children[], ':@': attributes }`,
// which makes every element an array entry: no isArray list to maintain per file format.
const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  // Attribute values (passwords!) are kept exactly as written; element text is trimmed below.
  trimValues: false,
  captureMetaData: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
})
const METADATA = XMLParser.getMetaDataSymbol() as unknown as PropertyKey
const ATTRIBUTES = ':@'
const TEXT = '#text'

type OrderedNode = Record<string, unknown>

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function toElement(node: OrderedNode, lines: LineIndex, file: string): XmlElement | undefined {
  const name = Object.keys(node).find((key) => key !== ATTRIBUTES)
  if (name === undefined || name === TEXT) return undefined
  const content = node[name]
  const attributes: Record<string, string> = {}
  const rawAttributes = node[ATTRIBUTES]
  if (isRecord(rawAttributes)) {
    for (const [key, value] of Object.entries(rawAttributes)) attributes[key] = String(value)
  }
  const children: XmlElement[] = []
  let text = ''
  for (const child of Array.isArray(content) ? content : []) {
    if (!isRecord(child)) continue
    if (TEXT in child) {
      text += String(child[TEXT])
      continue
    }
    const element = toElement(child, lines, file)
    if (element !== undefined) children.push(element)
  }
  const metadata = (node as Record<PropertyKey, unknown>)[METADATA]
  const startIndex = isRecord(metadata) && typeof metadata.startIndex === 'number' ? metadata.startIndex : 0
  return { name, attributes, text: text.trim(), children, location: { file, ...lines.at(startIndex) } }
}

/**
 * Parses XML text into its single root element. Malformed XML throws a UsageError that names
 * `file:line:column`; `file` is only used for locations and messages.
 */
export function parseXml(text: string, file: string): XmlElement {
  // A byte-order mark is not a column the merchant can see.
  const xml = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const verdict = XMLValidator.validate(xml)
  if (verdict !== true) {
    const location: SourceLocation = {
      file,
      line: verdict.err.line,
      ...(verdict.err.col === undefined ? {} : { column: verdict.err.col }),
    }
    throw new UsageError(
      `${formatLocation(location)}: malformed XML: ${verdict.err.msg} (fix the XML syntax and run again)`,
    )
  }
  const lines = new LineIndex(xml)
  const nodes: unknown = parser.parse(xml)
  const roots = (Array.isArray(nodes) ? nodes : [])
    .filter(isRecord)
    .map((node) => toElement(node, lines, file))
    .filter((element): element is XmlElement => element !== undefined)
  const [root, extra] = roots
  if (root === undefined) {
    throw new UsageError(`${file}: malformed XML: no root element (the file must contain one element such as <config>)`)
  }
  if (extra !== undefined) {
    throw new UsageError(
      `${formatLocation(extra.location)}: malformed XML: a second root element <${extra.name}> (an XML file has exactly one root element)`,
    )
  }
  return root
}

/** Reads and parses an XML file; a missing or unreadable file is a UsageError naming the path. */
export async function parseXmlFile(file: string, displayName: string = file): Promise<XmlElement> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new UsageError(`${displayName}: cannot read the file (${describeFsError(error)}); check the path`)
  }
  return parseXml(text, displayName)
}

export function describeFsError(error: unknown): string {
  const code = isRecord(error) && typeof error.code === 'string' ? error.code : undefined
  switch (code) {
    case 'ENOENT':
      return 'no such file'
    case 'EACCES':
    case 'EPERM':
      return 'permission denied'
    case 'EISDIR':
      return 'it is a directory'
    default:
      return code ?? (error instanceof Error ? error.message : String(error))
  }
}

/** The child elements called `name`, in document order. */
export function childElements(element: XmlElement, name: string): XmlElement[] {
  return element.children.filter((child) => child.name === name)
}

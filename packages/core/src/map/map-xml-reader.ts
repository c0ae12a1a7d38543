import { formatLocation } from '../config/source-location.js'
import { parseXml, parseXmlFile, type XmlElement } from '../config/xml-document.js'
import { UsageError } from '../errors/mig-error.js'
import type { SourceLocation } from '../interfaces/config.js'
import type {
  DocumentRename,
  FieldMove,
  FieldTransform,
  HandlerReference,
  MapRules,
  NamePattern,
} from '../interfaces/map.js'
import { findRuleConflicts } from './map-rules-merge.js'
import { isNamePattern, isPlainName, splitFieldName } from './name-pattern.js'

/*
 * Reads map.xml in the upstream Data Migration Tool format:
 *
 *   <map>
 *     <source>
 *       <document_rules> <ignore><document>p*</document></ignore> <rename><document>a</document><to>b</to></rename> </document_rules>
 *       <field_rules> <ignore><field>t.f</field></ignore> <move><field>t.f</field><to>t2.g</to></move>
 *                     <transform><field>t.f</field><handler class="\Migration\Handler\X"><param name="n" value="v"/></handler></transform>
 *       </field_rules>
 *     </source>
 *     <destination> the same without <rename> and <move> (those map Magento 1 names to Magento 2 names) </destination>
 *   </map>
 *
 * Every problem is collected with file:line:column and thrown as one UsageError, so the merchant
 * fixes the whole file in one round.
 */

interface Problem {
  readonly location: SourceLocation
  readonly message: string
}

type Side = 'source' | 'destination'

interface SideRules {
  ignoredDocuments: NamePattern[]
  ignoredFields: NamePattern[]
  transforms: FieldTransform[]
  renames: DocumentRename[]
  moves: FieldMove[]
}

const NAME_HINT = 'letters, digits, _ or $, at most 64 characters'

/** Reads and parses a map.xml file; `origin` (a plugin name or the file) defaults to `file`. */
export async function readMapXml(file: string, origin: string = file): Promise<MapRules> {
  const root = await parseXmlFile(file)
  return readMapElement(root, file, origin)
}

/** Parses map.xml text; `file` is used in locations and messages. */
export function parseMapXml(text: string, file: string, origin: string = file): MapRules {
  return readMapElement(parseXml(text, file), file, origin)
}

function readMapElement(root: XmlElement, file: string, origin: string): MapRules {
  const problems: Problem[] = []
  const problem = (location: SourceLocation, message: string): void => {
    problems.push({ location, message })
  }
  const source = emptySide()
  const destination = emptySide()

  if (root.name !== 'map') {
    problem(root.location, `the root element is <${root.name}>; a map file has <map> as its root element`)
  } else {
    for (const attribute of Object.keys(root.attributes)) {
      // Namespace declarations and namespaced attributes (xs:noNamespaceSchemaLocation) are allowed on the root.
      if (attribute === 'xmlns' || attribute.includes(':')) continue
      problem(root.location, `unexpected attribute "${attribute}" on <map>; remove it`)
    }
    noText(root)
    const seen = new Set<string>()
    for (const child of root.children) {
      if (child.name !== 'source' && child.name !== 'destination') {
        unexpected(child, 'map', ['source', 'destination'])
        continue
      }
      if (seen.has(child.name)) {
        problem(child.location, `a second <${child.name}> in <map>; put all its rules in one <${child.name}>`)
        continue
      }
      seen.add(child.name)
      readSide(child, child.name, child.name === 'source' ? source : destination)
    }
  }

  // A document renamed twice or a field moved twice inside one file is as ambiguous as across files.
  for (const conflict of findRuleConflicts([{ rules: { renames: source.renames, moves: source.moves }, origin }])) {
    problem(conflict.location, conflict.message)
  }

  if (problems.length > 0) {
    problems.sort(
      (a, b) => (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0),
    )
    const count = problems.length === 1 ? '1 problem' : `${problems.length} problems`
    throw new UsageError(
      `${file}: ${count} in map.xml (see below; fix them and run again)`,
      problems.map((p) => `${formatLocation(p.location)}: ${p.message}`),
    )
  }

  return {
    source: {
      ignoredDocuments: source.ignoredDocuments,
      ignoredFields: source.ignoredFields,
      transforms: source.transforms,
      renames: source.renames,
      moves: source.moves,
    },
    destination: {
      ignoredDocuments: destination.ignoredDocuments,
      ignoredFields: destination.ignoredFields,
      transforms: destination.transforms,
    },
    origins: [origin],
  }

  function readSide(element: XmlElement, side: Side, rules: SideRules): void {
    noAttributes(element)
    noText(element)
    for (const child of element.children) {
      if (child.name === 'document_rules') readDocumentRules(child, side, rules)
      else if (child.name === 'field_rules') readFieldRules(child, side, rules)
      else unexpected(child, side, ['document_rules', 'field_rules'])
    }
  }

  function readDocumentRules(element: XmlElement, side: Side, rules: SideRules): void {
    noAttributes(element)
    noText(element)
    const allowed = side === 'source' ? ['ignore', 'rename'] : ['ignore']
    for (const rule of element.children) {
      if (rule.name === 'ignore') {
        const parts = ruleParts(rule, ['document'])
        const document = parts.get('document')
        if (document === undefined) continue
        const name = leafText(document)
        if (name !== undefined && checkPattern(document, name, 'document')) {
          rules.ignoredDocuments.push({ pattern: name, location: document.location })
        }
      } else if (rule.name === 'rename' && side === 'source') {
        const parts = ruleParts(rule, ['document', 'to'])
        const from = exactName(parts.get('document'), 'document', 'a rename names one Magento 1 table')
        const to = exactName(parts.get('to'), 'document', 'a rename names one Magento 2 table')
        if (from !== undefined && to !== undefined) rules.renames.push({ from, to, location: rule.location })
      } else if (rule.name === 'rename') {
        problem(
          rule.location,
          '<rename> belongs in <source>: it maps a Magento 1 table name to its Magento 2 name; move it there',
        )
      } else {
        unexpected(rule, 'document_rules', allowed)
      }
    }
  }

  function readFieldRules(element: XmlElement, side: Side, rules: SideRules): void {
    noAttributes(element)
    noText(element)
    const allowed = side === 'source' ? ['ignore', 'move', 'transform'] : ['ignore', 'transform']
    for (const rule of element.children) {
      if (rule.name === 'ignore') {
        readFieldIgnore(rule, rules)
      } else if (rule.name === 'move' && side === 'source') {
        const parts = ruleParts(rule, ['field', 'to'])
        const from = exactField(parts.get('field'), 'a move names one Magento 1 column')
        const to = exactField(parts.get('to'), 'a move names one Magento 2 column')
        if (from !== undefined && to !== undefined) rules.moves.push({ from, to, location: rule.location })
      } else if (rule.name === 'move') {
        problem(
          rule.location,
          '<move> belongs in <source>: it maps a Magento 1 column to its Magento 2 column; move it there',
        )
      } else if (rule.name === 'transform') {
        const transform = readTransform(rule)
        if (transform !== undefined) rules.transforms.push(transform)
      } else {
        unexpected(rule, 'field_rules', allowed)
      }
    }
  }

  function readFieldIgnore(rule: XmlElement, rules: SideRules): void {
    noAttributes(rule)
    noText(rule)
    // Upstream also writes <ignore><datatype>t.f</datatype></ignore> to silence a column type
    // difference; mig never compares column types, so such a rule is accepted and has no effect.
    const [first, second] = rule.children
    if (first === undefined) {
      problem(rule.location, '<ignore> is empty; write <field>table.column</field> inside it')
      return
    }
    if (second !== undefined) {
      problem(second.location, `a second element <${second.name}> in <ignore>; write one <ignore> per field`)
    }
    if (first.name !== 'field' && first.name !== 'datatype') {
      unexpected(first, 'ignore', ['field', 'datatype'])
      return
    }
    const name = leafText(first)
    if (name === undefined || !checkFieldPattern(first, name)) return
    if (first.name === 'field') rules.ignoredFields.push({ pattern: name, location: first.location })
  }

  function readTransform(rule: XmlElement): FieldTransform | undefined {
    const parts = ruleParts(rule, ['field', 'handler'])
    const fieldElement = parts.get('field')
    const handlerElement = parts.get('handler')
    let field: string | undefined
    if (fieldElement !== undefined) {
      const name = leafText(fieldElement)
      if (name !== undefined && checkFieldPattern(fieldElement, name)) field = name
    }
    const handler = handlerElement === undefined ? undefined : readHandler(handlerElement)
    return field !== undefined && handler !== undefined ? { field, handler, location: rule.location } : undefined
  }

  function readHandler(element: XmlElement): HandlerReference | undefined {
    let ok = true
    for (const attribute of Object.keys(element.attributes)) {
      if (attribute === 'class') continue
      problem(element.location, `unexpected attribute "${attribute}" on <handler>; only "class" is allowed`)
      ok = false
    }
    const name = (element.attributes.class ?? '').trim()
    if (!('class' in element.attributes)) {
      problem(element.location, '<handler> has no class; add class="\\Migration\\Handler\\…" or a handler name')
      ok = false
    } else if (name === '') {
      problem(
        element.location,
        '<handler> has an empty class; name the handler, e.g. class="\\Migration\\Handler\\SetValue"',
      )
      ok = false
    }
    noText(element)
    const params: Record<string, string> = Object.create(null) as Record<string, string>
    const paramLocations = new Map<string, SourceLocation>()
    for (const child of element.children) {
      if (child.name !== 'param') {
        unexpected(child, 'handler', ['param'])
        ok = false
        continue
      }
      noText(child)
      for (const grandchild of child.children) {
        unexpected(grandchild, 'param', [])
        ok = false
      }
      for (const attribute of Object.keys(child.attributes)) {
        if (attribute === 'name' || attribute === 'value') continue
        problem(child.location, `unexpected attribute "${attribute}" on <param>; only "name" and "value" are allowed`)
        ok = false
      }
      const paramName = child.attributes.name?.trim()
      const value = child.attributes.value
      if (paramName === undefined || paramName === '') {
        problem(child.location, '<param> has no name; write <param name="…" value="…"/>')
        ok = false
        continue
      }
      if (value === undefined) {
        problem(
          child.location,
          `<param name="${paramName}"> has no value; add value="…" (value="" for an empty string)`,
        )
        ok = false
        continue
      }
      const earlier = paramLocations.get(paramName)
      if (earlier !== undefined) {
        problem(child.location, `param "${paramName}" is given twice (first at ${formatLocation(earlier)}); keep one`)
        ok = false
        continue
      }
      paramLocations.set(paramName, child.location)
      params[paramName] = value
    }
    return ok ? { name, params: { ...params }, location: element.location } : undefined
  }

  /** The named parts of a rule, each exactly once; anything else is a problem. */
  function ruleParts(rule: XmlElement, names: readonly string[]): Map<string, XmlElement> {
    noAttributes(rule)
    noText(rule)
    const parts = new Map<string, XmlElement>()
    for (const child of rule.children) {
      if (!names.includes(child.name)) {
        unexpected(child, rule.name, names)
      } else if (parts.has(child.name)) {
        problem(
          child.location,
          `a second <${child.name}> in <${rule.name}>; write one <${rule.name}> per ${names[0] ?? 'rule'}`,
        )
      } else {
        parts.set(child.name, child)
      }
    }
    for (const name of names) {
      if (!parts.has(name))
        problem(rule.location, `<${rule.name}> has no <${name}>; add <${name}>…</${name}> inside it`)
    }
    return parts
  }

  /** The text of an element that holds only a name. */
  function leafText(element: XmlElement): string | undefined {
    let ok = noAttributes(element)
    for (const child of element.children) {
      problem(child.location, `unexpected element <${child.name}> in <${element.name}>; write only the name`)
      ok = false
    }
    if (element.text === '') {
      problem(element.location, `<${element.name}> is empty; write the name inside it`)
      return undefined
    }
    return ok ? element.text : undefined
  }

  function checkPattern(element: XmlElement, name: string, what: string): boolean {
    if (isNamePattern(name)) return true
    problem(
      element.location,
      `${what} ${JSON.stringify(name)} is not a plain MySQL name (${NAME_HINT}; * as a wildcard); fix the name`,
    )
    return false
  }

  function checkFieldPattern(element: XmlElement, name: string): boolean {
    const parts = splitFieldName(name)
    if (parts === undefined) {
      problem(
        element.location,
        `field ${JSON.stringify(name)} is not written as table.column (e.g. sales_flat_order.hidden_tax_amount); fix it`,
      )
      return false
    }
    for (const [part, what] of [
      [parts.table, 'table'],
      [parts.field, 'column'],
    ] as const) {
      if (!isNamePattern(part)) {
        problem(
          element.location,
          `${what} ${JSON.stringify(part)} in ${JSON.stringify(name)} is not a plain MySQL name (${NAME_HINT}; * as a wildcard); fix the name`,
        )
        return false
      }
    }
    return true
  }

  function exactName(element: XmlElement | undefined, what: string, why: string): string | undefined {
    if (element === undefined) return undefined
    const name = leafText(element)
    if (name === undefined) return undefined
    if (name.includes('*')) {
      problem(
        element.location,
        `${what} ${JSON.stringify(name)} has a wildcard, but ${why}; wildcards (*) are only allowed in <ignore> and <transform>`,
      )
      return undefined
    }
    if (!isPlainName(name)) {
      problem(
        element.location,
        `${what} ${JSON.stringify(name)} is not a plain MySQL name (${NAME_HINT}); fix the name`,
      )
      return undefined
    }
    return name
  }

  function exactField(element: XmlElement | undefined, why: string): string | undefined {
    if (element === undefined) return undefined
    const name = leafText(element)
    if (name === undefined) return undefined
    const parts = splitFieldName(name)
    if (parts === undefined) {
      problem(
        element.location,
        `field ${JSON.stringify(name)} is not written as table.column (e.g. sales_flat_order.hidden_tax_amount); fix it`,
      )
      return undefined
    }
    if (name.includes('*')) {
      problem(
        element.location,
        `field ${JSON.stringify(name)} has a wildcard, but ${why}; wildcards (*) are only allowed in <ignore> and <transform>`,
      )
      return undefined
    }
    for (const [part, what] of [
      [parts.table, 'table'],
      [parts.field, 'column'],
    ] as const) {
      if (!isPlainName(part)) {
        problem(
          element.location,
          `${what} ${JSON.stringify(part)} in ${JSON.stringify(name)} is not a plain MySQL name (${NAME_HINT}); fix the name`,
        )
        return undefined
      }
    }
    return name
  }

  function noAttributes(element: XmlElement): boolean {
    const names = Object.keys(element.attributes)
    for (const attribute of names) {
      problem(element.location, `unexpected attribute "${attribute}" on <${element.name}>; remove it`)
    }
    return names.length === 0
  }

  function noText(element: XmlElement): void {
    if (element.text !== '') {
      problem(
        element.location,
        `unexpected text ${JSON.stringify(shorten(element.text))} in <${element.name}>; it holds only elements`,
      )
    }
  }

  function unexpected(element: XmlElement, parent: string, allowed: readonly string[]): void {
    const expected =
      allowed.length === 0 ? 'it holds no elements' : `expected ${allowed.map((name) => `<${name}>`).join(', ')}`
    problem(element.location, `unexpected element <${element.name}> in <${parent}>; ${expected}`)
  }
}

function emptySide(): SideRules {
  return { ignoredDocuments: [], ignoredFields: [], transforms: [], renames: [], moves: [] }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

import { describe, expect, it } from 'vitest'
import { lineColumnAt, parseXml, parseXmlFile } from '../../src/config/index.js'
import { isMigError } from '../../src/errors/mig-error.js'

function thrown(action: () => unknown): Error {
  try {
    action()
  } catch (error) {
    return error as Error
  }
  throw new Error('expected an error')
}

describe('lineColumnAt', () => {
  it('counts 1-based lines and columns across \\n, \\r\\n and \\r', () => {
    const text = 'ab\ncd\r\nef\rgh'
    expect(lineColumnAt(text, 0)).toEqual({ line: 1, column: 1 })
    expect(lineColumnAt(text, 4)).toEqual({ line: 2, column: 2 })
    expect(lineColumnAt(text, 7)).toEqual({ line: 3, column: 1 })
    expect(lineColumnAt(text, 10)).toEqual({ line: 4, column: 1 })
  })
})

describe('parseXml', () => {
  it('builds a tree with attributes, trimmed text and element locations', () => {
    const xml =
      '<?xml version="1.0"?>\n<!-- note -->\n<config a="1">\n  <x> hi &amp; <!-- c --> there </x>\n    <y b=" spaced "/>\n</config>\n'
    const root = parseXml(xml, 'c.xml')
    expect(root.name).toBe('config')
    expect(root.attributes).toEqual({ a: '1' })
    expect(root.location).toEqual({ file: 'c.xml', line: 3, column: 1 })
    expect(root.children.map((child) => child.name)).toEqual(['x', 'y'])
    expect(root.children[0]?.text).toBe('hi &  there')
    expect(root.children[0]?.location).toEqual({ file: 'c.xml', line: 4, column: 3 })
    // Attribute values are kept exactly as written.
    expect(root.children[1]?.attributes.b).toBe(' spaced ')
    expect(root.children[1]?.location).toEqual({ file: 'c.xml', line: 5, column: 5 })
  })

  it('keeps locations right with CRLF line ends', () => {
    const root = parseXml('<a>\r\n\r\n   <b>1</b>\r\n</a>', 'w.xml')
    expect(root.children[0]?.location).toEqual({ file: 'w.xml', line: 3, column: 4 })
  })

  it('reports malformed XML as a UsageError with file:line:column', () => {
    const error = thrown(() =>
      parseXml('<config>\n  <options>\n    <bulk_size>1</bulk>\n  </options>\n</config>', 'bad.xml'),
    )
    expect(isMigError(error) && error.exitCode).toBe(2)
    expect(error.message).toMatch(/^bad\.xml:3:17: malformed XML: /)
  })

  it('refuses a second root element and an empty document', () => {
    expect(thrown(() => parseXml('<a/>\n<b/>', 'two.xml')).message).toMatch(
      /^two\.xml:2:1: malformed XML: a second root element <b>/,
    )
    expect(thrown(() => parseXml('', 'empty.xml')).message).toMatch(/^empty\.xml:1: malformed XML/)
  })

  it('reports a missing file as a UsageError naming the path', async () => {
    await expect(parseXmlFile('/nonexistent/deltalog.xml')).rejects.toThrow(
      /^\/nonexistent\/deltalog\.xml: cannot read the file \(no such file\)/,
    )
  })
})

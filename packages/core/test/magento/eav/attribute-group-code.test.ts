import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { attributeGroupCode } from '../../../src/magento/eav/index.js'

describe('attributeGroupCode', () => {
  it('derives the code like Magento 2 (lowercase, runs of other characters → "-", trimmed)', () => {
    expect(attributeGroupCode('General', new Set())).toBe('general')
    expect(attributeGroupCode('Meta Information', new Set())).toBe('meta-information')
    expect(attributeGroupCode('  Recurring   Profile! ', new Set())).toBe('recurring-profile')
    expect(attributeGroupCode('Größe & Farbe', new Set())).toBe('grosse-farbe')
    expect(attributeGroupCode('Détails', new Set())).toBe('details')
  })

  it('falls back to the md5 of the name when nothing is left, as Magento 2 does', () => {
    expect(attributeGroupCode('***', new Set())).toBe(createHash('md5').update('***').digest('hex'))
  })

  it('is unique within the set', () => {
    expect(attributeGroupCode('General', new Set(['general']))).toBe('general-2')
    expect(attributeGroupCode('General', new Set(['general', 'general-2']))).toBe('general-3')
  })
})

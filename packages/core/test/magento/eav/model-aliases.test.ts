import { describe, expect, it } from 'vitest'
import { translateModel } from '../../../src/magento/eav/index.js'

describe('translateModel', () => {
  it('translates known Magento 1 aliases to Magento 2 classes', () => {
    expect(translateModel('eav/entity_attribute_backend_array')).toEqual({
      kind: 'translated',
      className: 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\ArrayBackend',
    })
    expect(translateModel('eav/entity_attribute_source_table')).toEqual({
      kind: 'translated',
      className: 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table',
    })
    expect(translateModel('eav/entity_attribute_source_boolean')).toEqual({
      kind: 'translated',
      className: 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Boolean',
    })
    expect(translateModel('catalog/product_attribute_backend_price')).toEqual({
      kind: 'translated',
      className: 'Magento\\Catalog\\Model\\Product\\Attribute\\Backend\\Price',
    })
  })

  it('reads Magento 1 full class names and ignores case', () => {
    expect(translateModel('Mage_Eav_Model_Entity_Attribute_Source_Table')).toEqual({
      kind: 'translated',
      className: 'Magento\\Eav\\Model\\Entity\\Attribute\\Source\\Table',
    })
    expect(translateModel('EAV/Entity_Attribute_Backend_Datetime')).toEqual({
      kind: 'translated',
      className: 'Magento\\Eav\\Model\\Entity\\Attribute\\Backend\\Datetime',
    })
  })

  it('keeps Magento 2 classes and empty values', () => {
    expect(translateModel('Magento\\Catalog\\Model\\Product\\Visibility')).toEqual({
      kind: 'translated',
      className: 'Magento\\Catalog\\Model\\Product\\Visibility',
    })
    expect(translateModel(null)).toEqual({ kind: 'none' })
    expect(translateModel('  ')).toEqual({ kind: 'none' })
  })

  it('reports aliases Magento 2 has no class for', () => {
    expect(translateModel('catalog/product_attribute_backend_groupprice')).toEqual({
      kind: 'untranslated',
      original: 'catalog/product_attribute_backend_groupprice',
    })
    expect(translateModel('Vendor_Module_Model_Source_Colors')).toEqual({
      kind: 'untranslated',
      original: 'Vendor_Module_Model_Source_Colors',
    })
  })
})

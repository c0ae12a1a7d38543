import { describe, expect, it } from 'vitest'
import { describeDatabase, redactDatabase, redactSecrets } from '../../src/config/index.js'

const database = { host: '127.0.0.1', port: 3306, name: 'magento1', user: 'root', password: 'topsecret' }

describe('database descriptions', () => {
  it('prints user@host:port/name and never the password', () => {
    expect(describeDatabase(database)).toBe('root@127.0.0.1:3306/magento1')
    expect(describeDatabase({ ...database, host: '::1' })).toBe('root@[::1]:3306/magento1')
  })

  it('redacts the password but says whether there is one', () => {
    expect(redactDatabase(database)).toEqual({
      host: '127.0.0.1',
      port: 3306,
      name: 'magento1',
      user: 'root',
      password: '***',
    })
    expect(redactDatabase({ ...database, password: '' }).password).toBe('')
    expect(JSON.stringify(redactDatabase(database))).not.toContain('topsecret')
  })

  it('replaces known secrets in text', () => {
    expect(redactSecrets('a topsecret b topsecret', ['topsecret', ''])).toBe('a *** b ***')
  })
})

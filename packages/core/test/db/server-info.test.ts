import { describe, expect, it } from 'vitest'
import { allowsMultipleTriggersPerEvent } from '../../src/db/server-info.js'

describe('several triggers per table, event and timing', () => {
  it('are allowed from MySQL 5.7.2 and MariaDB 10.2.3', () => {
    expect(allowsMultipleTriggersPerEvent('5.7.1-log')).toBe(false)
    expect(allowsMultipleTriggersPerEvent('5.7.2')).toBe(true)
    expect(allowsMultipleTriggersPerEvent('5.6.10')).toBe(false)
    expect(allowsMultipleTriggersPerEvent('8.0.36')).toBe(true)
    expect(allowsMultipleTriggersPerEvent('10.2.2-MariaDB')).toBe(false)
    expect(allowsMultipleTriggersPerEvent('10.2.3-MariaDB-log')).toBe(true)
    expect(allowsMultipleTriggersPerEvent('10.11.19-MariaDB-0+deb12u1')).toBe(true)
    // A MariaDB 5.5 reports a MySQL-looking number: it is still MariaDB, and too old.
    expect(allowsMultipleTriggersPerEvent('5.5.68-MariaDB')).toBe(false)
  })
})

import { describe, expect, it } from 'vitest'
import { toConnectionError } from '../../src/db/connection-errors.js'
import { isTransientError } from '../../src/db/mysql-error.js'
import { retryTransient } from '../../src/db/transient-retry.js'
import { MigError } from '../../src/errors/mig-error.js'

/** What mysql2 throws when the server closes a connection (KILL CONNECTION, a restart). */
function connectionLost(): Error {
  return Object.assign(new Error('Connection lost: The server closed the connection.'), {
    code: 'PROTOCOL_CONNECTION_LOST',
    fatal: true,
  })
}

const database = { host: '127.0.0.1', port: 3306, name: 'm2', user: 'mig', password: 'secret' }

describe('isTransientError', () => {
  it('sees a lost connection, a deadlock and a lock wait, bare or wrapped by mig with the cause kept', () => {
    expect(isTransientError(connectionLost())).toBe(true)
    expect(isTransientError(Object.assign(new Error('Deadlock found'), { errno: 1213 }))).toBe(true)
    expect(isTransientError(Object.assign(new Error('Lock wait timeout exceeded'), { errno: 1205 }))).toBe(true)
    // A connect killed half-way becomes mig's one line; it is still a lost connection.
    const wrapped = toConnectionError(connectionLost(), 'destination', database)
    expect(wrapped.message).toBe(
      'cannot connect to destination database 127.0.0.1:3306: Connection lost: The server closed the connection.',
    )
    expect(isTransientError(wrapped)).toBe(true)
  })

  it('does not retry what a retry cannot mend', () => {
    expect(isTransientError(Object.assign(new Error('Duplicate entry'), { errno: 1062 }))).toBe(false)
    expect(
      isTransientError(
        new MigError('cannot empty sales_order', {
          cause: Object.assign(new Error('a foreign key fails'), { errno: 1451 }),
        }),
      ),
    ).toBe(false)
    expect(isTransientError(new MigError('no cause'))).toBe(false)
    expect(isTransientError('text')).toBe(false)
  })
})

describe('retryTransient', () => {
  it('tries a connect that lost its connection again, saying so', async () => {
    const warnings: string[] = []
    let attempts = 0
    const result = await retryTransient(
      async () => {
        attempts++
        if (attempts === 1) throw toConnectionError(connectionLost(), 'destination', database)
        return 'verified'
      },
      { attempts: 3, pauseSeconds: () => 0, warn: (message) => warnings.push(message) },
    )
    expect(result).toBe('verified')
    expect(attempts).toBe(2)
    expect(warnings).toEqual([
      'cannot connect to destination database 127.0.0.1:3306: Connection lost: The server closed the connection.',
    ])
  })
})

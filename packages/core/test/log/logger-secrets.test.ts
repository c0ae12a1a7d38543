import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { createLogger, fileSink, type LogRecord } from '../../src/log/logger.js'
import { redactSecrets } from '../../src/log/redact-secrets.js'

const recorded = (secrets: string[]) => {
  const records: LogRecord[] = []
  return { log: createLogger([(record) => records.push(record)], secrets), records }
}

describe('secrets never reach a log, however short', () => {
  it('masks a long secret anywhere, and a short one where it stands on its own', () => {
    expect(redactSecrets('pw=hunter22;x=hunter22', ['hunter22'])).toBe('pw=***;x=***')
    expect(redactSecrets("password 'ab' for ab@host, abc and cab untouched", ['ab'])).toBe(
      "password '***' for ***@host, abc and cab untouched",
    )
    expect(redactSecrets('key=x y=1', ['x'])).toBe('key=*** y=1')
    // The longer secret first: a short one inside it leaves no part of it behind.
    expect(redactSecrets('token=abcdef', ['ab', 'abcdef'])).toBe('token=***')
    expect(redactSecrets('a $1.* b', ['$1.*'])).toBe('a *** b')
  })

  it('masks messages and every structured field', () => {
    const { log, records } = recorded(['s3', 'longsecret'])
    log.warn('cannot connect with s3', { error: 'denied for longsecret', detail: 'pw s3', count: 3 })
    expect(records).toEqual([
      {
        level: 'warn',
        message: 'cannot connect with ***',
        fields: { error: 'denied for ***', detail: 'pw ***', count: 3 },
      },
    ])
  })
})

describe('log_file', () => {
  it('is created readable by its owner only, and an existing file is made so', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mig-log-'))
    const fresh = path.join(dir, 'fresh.log')
    createLogger([fileSink(fresh)]).info('customer 5 set aside')
    expect(statSync(fresh).mode & 0o777).toBe(0o600)
    const existing = path.join(dir, 'existing.log')
    writeFileSync(existing, 'earlier\n', { mode: 0o644 })
    createLogger([fileSink(existing)]).info('next')
    expect(statSync(existing).mode & 0o777).toBe(0o600)
    expect(readFileSync(existing, 'utf8')).toMatch(/^earlier\n\S+ INFO next\n$/)
  })
})

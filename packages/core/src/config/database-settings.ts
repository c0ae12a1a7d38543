import { isIP } from 'node:net'
import { isPlainIdentifier } from '../db/identifier.js'
import type { DatabaseConfig, SourceLocation } from '../interfaces/config.js'
import type { ConfigProblems } from './config-problems.js'
import type { LocatedValue, RawDatabase } from './raw-config.js'
import { DATABASE_FIELDS, UNSUPPORTED_DATABASE_FIELDS } from './upstream-format.js'

export const DEFAULT_MYSQL_PORT = 3306

/** RFC 1123 host names (underscores tolerated: Docker service names use them). */
const HOST_NAME =
  /^(?=.{1,253}$)[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?(?:\.[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?)*\.?$/
/** MySQL/MariaDB user names are at most 80 characters; anything outside this set is more likely a mistake or an attack. */
const USER_NAME = /^[A-Za-z0-9_$.@-]{1,80}$/
const PORT = /^[0-9]{1,5}$/

/**
 * Validates one `<database>` (source or destination). Every problem goes to `problems`; the
 * returned value is only meaningful when none was found. The password is never quoted.
 */
export function readDatabaseSettings(
  raw: RawDatabase,
  role: 'source' | 'destination',
  problems: ConfigProblems,
  passwordOverride: string | undefined,
): DatabaseConfig {
  const { fields, location } = raw
  for (const [field, value] of fields) {
    if (UNSUPPORTED_DATABASE_FIELDS.includes(field)) {
      problems.warn(
        value.location,
        `${role} database setting "${field}" is not supported by mig and is ignored`,
        'the connection is made without TLS; remove it or use a trusted network',
      )
    } else if (!DATABASE_FIELDS.includes(field) && field !== 'type' && field !== 'version') {
      problems.error(value.location, `unknown ${role} database setting "${field}"`, `use ${DATABASE_FIELDS.join(', ')}`)
    }
  }
  const hostAndPort = readHost(fields.get('host'), role, location, problems)
  const port = readPort(fields.get('port'), hostAndPort.port, role, problems)
  const name = required(fields.get('name'), 'name', role, location, problems)
  if (name !== undefined && !isPlainIdentifier(name.value)) {
    problems.error(
      name.location,
      `${role} database name ${JSON.stringify(name.value)} is not a plain MySQL name`,
      'use letters, digits, _ or $, at most 64 characters, not only digits',
    )
  }
  const user = required(fields.get('user'), 'user', role, location, problems)
  if (user !== undefined && !USER_NAME.test(user.value)) {
    problems.error(
      user.location,
      `${role} database user ${JSON.stringify(user.value)} is not a valid user name`,
      'use letters, digits, _ $ . @ or -, at most 80 characters',
    )
  }
  // Passwords are taken exactly as written: surrounding spaces may be part of them.
  const password = passwordOverride ?? fields.get('password')?.value ?? ''
  return { host: hostAndPort.host, port, name: name?.value ?? '', user: user?.value ?? '', password }
}

function required(
  value: LocatedValue | undefined,
  field: string,
  role: string,
  location: SourceLocation,
  problems: ConfigProblems,
): LocatedValue | undefined {
  const trimmed = value === undefined ? '' : value.value.trim()
  if (value === undefined || trimmed === '') {
    problems.error(
      value?.location ?? location,
      `${role} database ${field} is missing`,
      `set ${field} on the ${role} database`,
    )
    return undefined
  }
  return { value: trimmed, location: value.location }
}

/** Accepts a host name, an IPv4/IPv6 address (optionally in brackets) or upstream's `host:port`. */
function readHost(
  raw: LocatedValue | undefined,
  role: string,
  location: SourceLocation,
  problems: ConfigProblems,
): { host: string; port?: LocatedValue } {
  const value = required(raw, 'host', role, location, problems)
  if (value === undefined) return { host: '' }
  let host = value.value
  let port: LocatedValue | undefined
  const withPort = /^([^:]+):([0-9]+)$/.exec(host) ?? /^\[([^\]]+)\]:([0-9]+)$/.exec(host)
  if (withPort?.[1] !== undefined && withPort[2] !== undefined) {
    host = withPort[1]
    port = { value: withPort[2], location: value.location }
  }
  if (host.startsWith('[') && host.endsWith(']')) host = host.slice(1, -1)
  if (host.includes('/')) {
    problems.error(
      value.location,
      `${role} database host ${JSON.stringify(value.value)} looks like a Unix socket, which mig does not support`,
      'use a host name or IP address and a port',
    )
  } else if (isIP(host) === 0 && !HOST_NAME.test(host)) {
    problems.error(
      value.location,
      `${role} database host ${JSON.stringify(value.value)} is not a host name or IP address`,
      'write e.g. 127.0.0.1 or db.example.com',
    )
  }
  return { host, ...(port && { port }) }
}

function readPort(
  raw: LocatedValue | undefined,
  fromHost: LocatedValue | undefined,
  role: string,
  problems: ConfigProblems,
): number {
  if (raw !== undefined && fromHost !== undefined) {
    problems.error(
      raw.location,
      `${role} database port is given twice, in host and in port`,
      'keep only the port setting',
    )
  }
  const value = raw ?? fromHost
  const text = value?.value.trim() ?? ''
  if (value === undefined || text === '') return DEFAULT_MYSQL_PORT
  const port = PORT.test(text) ? Number(text) : Number.NaN
  if (!(port >= 1 && port <= 65535)) {
    problems.error(
      value.location,
      `${role} database port ${JSON.stringify(value.value)} is not a port number`,
      'use a whole number from 1 to 65535, usually 3306',
    )
    return DEFAULT_MYSQL_PORT
  }
  return port
}

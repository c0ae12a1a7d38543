import { isIP } from 'node:net'
import type { DatabaseConfig } from '../interfaces/config.js'

/**
 * Secrets may come from the environment so they stay out of files kept in version control.
 * A variable that is set (even to an empty string) wins over the file.
 */
export const SECRET_ENV = {
  sourcePassword: 'MIG_SOURCE_PASSWORD',
  destinationPassword: 'MIG_DESTINATION_PASSWORD',
  cryptKey: 'MIG_CRYPT_KEY',
} as const

export type DatabaseRole = 'source' | 'destination'

export function passwordFromEnv(role: DatabaseRole, env: NodeJS.ProcessEnv): string | undefined {
  return env[role === 'source' ? SECRET_ENV.sourcePassword : SECRET_ENV.destinationPassword]
}

export function cryptKeyFromEnv(env: NodeJS.ProcessEnv): string | undefined {
  return env[SECRET_ENV.cryptKey]
}

/** A database setting safe to print or log: the password is replaced by a marker. */
export type RedactedDatabaseConfig = Omit<DatabaseConfig, 'password'> & { readonly password: '***' | '' }

export function redactDatabase(database: DatabaseConfig): RedactedDatabaseConfig {
  return {
    host: database.host,
    port: database.port,
    name: database.name,
    user: database.user,
    password: database.password === '' ? '' : '***',
  }
}

/** `user@host:port/name`, for logs and messages; never includes the password. */
export function describeDatabase(database: Pick<DatabaseConfig, 'host' | 'port' | 'name' | 'user'>): string {
  const host = isIP(database.host) === 6 ? `[${database.host}]` : database.host
  return `${database.user}@${host}:${database.port}/${database.name}`
}

/**
 * Last line of defence for text shown to the merchant: replaces any known secret with `***`.
 * Very short secrets are left alone, since replacing them would garble ordinary words
 * (and the loader never prints secret values in the first place).
 */

export { redactSecrets } from '../log/redact-secrets.js'

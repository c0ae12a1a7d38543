import { DatabaseClient } from '../../src/db/database-client.js'
import { testDbSettings } from '../../../../test/support/test-database.js'

/** A DatabaseClient on a test database, configured like the product's. */
export function connectTo(
  name: string,
  role: 'source' | 'destination' = 'source',
  initStatements: readonly string[] = [],
): Promise<DatabaseClient> {
  const settings = testDbSettings()
  return DatabaseClient.connect({
    role,
    database: { host: settings.host, port: settings.port, user: settings.user, password: settings.password, name },
    initStatements,
    poolSize: 2,
  })
}

/** `CREATE TABLE` text for a deltalog shaped like the one mig creates. */
export function deltalogDdl(name: string, keys: readonly (readonly [string, string])[]): string {
  return [
    `CREATE TABLE \`${name}\` (`,
    ...keys.map(([column, type]) => `  \`${column}\` ${type} NOT NULL,`),
    "  `operation` ENUM('INSERT','UPDATE','DELETE') NOT NULL,",
    '  `version` BIGINT UNSIGNED NOT NULL DEFAULT 1,',
    '  `changed_at` TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),',
    `  PRIMARY KEY (${keys.map(([column]) => `\`${column}\``).join(', ')})`,
    `) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COMMENT='mig:deltalog ${name}'`,
  ].join('\n')
}

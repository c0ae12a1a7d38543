export { loadConfig, type LoadConfigOptions } from './load-config.js'
export {
  describeDatabase,
  redactDatabase,
  redactSecrets,
  SECRET_ENV,
  type RedactedDatabaseConfig,
} from './env-secrets.js'
export { parseXml, parseXmlFile, lineColumnAt, childElements, type XmlElement } from './xml-document.js'
export { formatLocation, displayPath } from './source-location.js'
export { splitSqlStatements, UnterminatedSqlError } from './sql-statement-splitter.js'
export { DEFAULT_MYSQL_PORT } from './database-settings.js'

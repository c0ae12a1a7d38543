const NAME = '`(?:[^`]|``)+`'
const PART = `${NAME}(?:\\(\\d+\\))?(?:\\s+(?:ASC|DESC))?`
/**
 * One index clause as SHOW CREATE TABLE prints it (what `readSecondaryIndexes` records): a kind,
 * `KEY \`name\``, the key parts, and the options MySQL and MariaDB print after them.
 */
const INDEX_CLAUSE = new RegExp(
  `^(?:(?:UNIQUE|FULLTEXT|SPATIAL)\\s+)?KEY\\s+(${NAME})\\s+\\(${PART}(?:\\s*,\\s*${PART})*\\)` +
    `(?:\\s+USING\\s+(?:BTREE|HASH))?(?:\\s+KEY_BLOCK_SIZE=\\d+)?(?:\\s+WITH PARSER\\s+\\w+)?` +
    `(?:\\s+COMMENT\\s+'(?:[^'\\\\]|\\\\.|'')*')?(?:\\s+(?:NOT\\s+)?IGNORED)?(?:\\s+(?:IN)?VISIBLE)?$`,
  'i',
)

/**
 * Whether a definition read back from mig's bookkeeping table is exactly one index clause for the
 * index of that name, and nothing else: it is executed as `ALTER TABLE … ADD <definition>`, so a
 * tampered or damaged row must not become arbitrary DDL.
 */
export function isIndexClauseFor(definition: string, indexName: string): boolean {
  const match = INDEX_CLAUSE.exec(definition.trim())
  if (!match?.[1]) return false
  return match[1].slice(1, -1).replaceAll('``', '`').toLowerCase() === indexName.toLowerCase()
}

import { createHash } from 'node:crypto'

/**
 * Line-oriented rewriting of mysqldump / mariadb-dump output before it is loaded: the real dumps in the test suites,
 * and mig's schema subset (loadSchemaSubset), which is written in the same format so the one rewriter serves both.
 *
 * Always (prefix or not), on statement text only, never on row data:
 * - strips DEFINER=user@host clauses (triggers, views, routines, events): the dump's accounts do not exist here and
 *   MariaDB refuses to fire a trigger whose definer is missing (ERROR 1449), e.g. the Magento 2 dump's 66 mview
 *   triggers are DEFINER=`magento`@`%`;
 * - maps MySQL 8 utf8mb4_0900_* collations, which MariaDB 10.11 does not know, to MariaDB ones;
 * - drops statements that would load into another database or do not exist on MariaDB (CREATE DATABASE, USE,
 *   SET @@GLOBAL.GTID_PURGED, SQL_LOG_BIN juggling) and the mariadb-dump "sandbox mode" line.
 *
 * With a table prefix, every table name defined by the dump (CREATE TABLE, views) is prefixed where it is used as a
 * table: CREATE/DROP/ALTER/LOCK TABLE(S), INSERT/REPLACE INTO, REFERENCES in foreign keys, view definitions, trigger
 * and routine bodies, and the table a trigger is ON. Column and index names that happen to equal a table name are left
 * alone. Trigger names `trg_<table>_...` become `trg_<prefix><table>_...` (as Magento names them); others get the
 * prefix in front. Foreign key constraint names are kept.
 *
 * Text is expected as a latin1-decoded string, so that every byte survives the round trip unchanged.
 */
export interface DumpRewriteOptions {
  /** Prefix for every table the dump creates; letters, digits, `_` and `$` only. */
  readonly tablePrefix?: string | undefined
}

const IDENT_BODY = '(?:[^`]|``)+'
const QUOTED = '`' + IDENT_BODY + '`'
const BARE = '[A-Za-z0-9_$]+'
const MAX_IDENTIFIER = 64

function unquote(token: string): string {
  return token.startsWith('`') ? token.slice(1, -1).replaceAll('``', '`') : token
}

function quote(name: string): string {
  return '`' + name.replaceAll('`', '``') + '`'
}

const CREATE_TABLE_NAME = new RegExp(
  String.raw`^(?:/\*!\d+\s*)?CREATE\s+(?:TEMPORARY\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(${QUOTED})`,
  'gim',
)
const VIEW_NAME = new RegExp(String.raw`^/\*!\d+\s.*?\bVIEW\s+(${QUOTED})\s+AS\b`, 'gim')

/** Names of the tables (and views) the dump creates. */
export function collectDumpTables(text: string): Set<string> {
  const tables = new Set<string>()
  for (const match of text.matchAll(CREATE_TABLE_NAME)) tables.add(unquote(match[1] ?? ''))
  for (const match of text.matchAll(VIEW_NAME)) tables.add(unquote(match[1] ?? ''))
  tables.delete('')
  return tables
}

const PREFIX_PATTERN = /^[A-Za-z0-9_$]*$/

const USER_PART = String.raw`(?:` + QUOTED + String.raw`|'(?:[^'\\]|\\.|'')*'|[A-Za-z0-9_.$%-]+)`
const DEFINER = new RegExp(
  String.raw`\bDEFINER\s*=\s*(?:CURRENT_USER(?:\s*\(\s*\))?|${USER_PART}(?:\s*@\s*${USER_PART})?)\s*`,
  'gi',
)
const EMPTY_VERSIONED_COMMENT = /\/\*!\d*\s*\*\/\s?/g
const MYSQL8_COLLATION = /\butf8mb4_0900_(\w+)/gi

const DROPPED_STATEMENT = [
  /^(?:\/\*!\d+\s*)?CREATE\s+(?:DATABASE|SCHEMA)\b/i,
  /^USE\s/i,
  /^SET\s+@@(?:GLOBAL|SESSION)\.(?:GTID_PURGED|SQL_LOG_BIN)\b/i,
  /^SET\s+@MYSQLDUMP_TEMP_LOG_BIN\b/i,
  /^SET\s+@@SESSION\.SQL_LOG_BIN\s*=\s*@MYSQLDUMP_TEMP_LOG_BIN\b/i,
]
const SANDBOX_LINE = /^\/\*M!999999\\- enable the sandbox mode \*\/\s*$/

const INSERT_HEAD = new RegExp(
  String.raw`^((?:INSERT\s+(?:(?:LOW_PRIORITY|DELAYED|HIGH_PRIORITY|IGNORE)\s+)*|REPLACE\s+(?:(?:LOW_PRIORITY|DELAYED)\s+)*)INTO\s+)(${QUOTED}|${BARE})`,
  'i',
)
const CREATE_TABLE_LINE = /^(?:\/\*!\d+\s*)?CREATE\s+(?:TEMPORARY\s+)?TABLE\b/i
const LOCK_TABLES_LINE = /^LOCK\s+TABLES\s/i
const VIEW_LINE = /^\/\*!\d+\s.*\bVIEW\b/i
const TRIGGER_HEADER = new RegExp(
  String.raw`(\bTRIGGER\s+)(${QUOTED}|${BARE})(\s+(?:BEFORE|AFTER)\s+(?:INSERT|UPDATE|DELETE)\s+ON\s+)(${QUOTED}|${BARE})(?=\s+FOR\s+EACH\s+ROW\b)`,
  'i',
)
const DROP_TRIGGER = new RegExp(String.raw`\bDROP\s+TRIGGER\s+(?:IF\s+EXISTS\s+)?(${QUOTED}|${BARE})`, 'i')
const ALL_QUOTED = new RegExp(QUOTED, 'g')

function tableRefPattern(allowBare: boolean, qualifiers: boolean): RegExp {
  // a bare name must be taken whole: no backtracking to a shorter name that happens to be a table
  const ident = allowBare ? `${QUOTED}|${BARE}(?![A-Za-z0-9_$])` : QUOTED
  const keyword = String.raw`\b(?:TABLES?|INTO|FROM|JOIN|UPDATE|REFERENCES|VIEW)\b\s*(?:\(\s*)*(?:IF\s+(?:NOT\s+)?EXISTS\s+)?`
  // group 1: keyword + spacing, group 2: table after a keyword (not a db qualifier); group 3: `table`. qualifier
  let source = `(${keyword})(${ident})(?!\\s*\\.)`
  if (qualifiers) source += `|(?<![\\w\`.$])(${ident})(?=\\.[\`A-Za-z_$])`
  return new RegExp(source, 'gi')
}

const TOP_LEVEL_REFS = tableRefPattern(false, false)
const VIEW_REFS = tableRefPattern(false, true)
const BODY_REFS = tableRefPattern(true, true)
const REFERENCES_ONLY = new RegExp(String.raw`(\bREFERENCES\s+)(${QUOTED})`, 'gi')

/** Rewrites one dump, line by line; feed lines in order to line(). */
export class DumpRewriter {
  private readonly prefix: string
  private readonly tables: ReadonlySet<string>
  private readonly tablesLongestFirst: readonly string[]
  private delimiter = ';'
  private inCreateTable = false
  private inData = false
  private skipping = false

  constructor(tables: ReadonlySet<string>, options: DumpRewriteOptions = {}) {
    const prefix = options.tablePrefix ?? ''
    if (!PREFIX_PATTERN.test(prefix)) {
      throw new Error(`table prefix ${JSON.stringify(prefix)} may only contain letters, digits, _ and $`)
    }
    this.prefix = prefix
    this.tables = tables
    this.tablesLongestFirst = [...tables].sort((a, b) => b.length - a.length)
    if (prefix !== '') {
      for (const table of tables) {
        if (prefix.length + table.length > MAX_IDENTIFIER) {
          throw new Error(`prefixed table name ${prefix}${table} is longer than ${MAX_IDENTIFIER} characters`)
        }
      }
    }
  }

  /** The rewritten line, or null to drop it. */
  line(line: string): string | null {
    const trimmed = line.trim()
    if (this.skipping) {
      if (trimmed.endsWith(';')) this.skipping = false
      return null
    }
    if (this.inData) {
      if (trimmed.endsWith(';')) this.inData = false
      return line
    }
    const delimiterCommand = /^DELIMITER\s+(\S+)/i.exec(trimmed)
    if (delimiterCommand?.[1] !== undefined) {
      this.delimiter = delimiterCommand[1]
      return line
    }
    if (trimmed === '' || trimmed.startsWith('-- ') || trimmed === '--' || trimmed.startsWith('#')) return line
    const inBlock = this.delimiter !== ';'

    if (!inBlock && !this.inCreateTable) {
      if (SANDBOX_LINE.test(trimmed)) return null
      if (DROPPED_STATEMENT.some((pattern) => pattern.test(trimmed))) {
        this.skipping = !trimmed.endsWith(';')
        return null
      }
      const insert = INSERT_HEAD.exec(line)
      if (insert !== null) {
        this.inData = !trimmed.endsWith(';')
        if (this.prefix === '') return line
        const head = insert[1] ?? ''
        const table = insert[2] ?? ''
        return head + this.prefixed(table) + line.slice(insert[0].length)
      }
    }

    let out = this.compat(line)
    if (inBlock) {
      out = this.rewriteTrigger(out)
      out = this.rewriteRefs(out, BODY_REFS, true)
    } else if (this.inCreateTable) {
      out = this.rewriteReferences(out)
      if (trimmed.startsWith(')')) this.inCreateTable = false
    } else {
      if (CREATE_TABLE_LINE.test(trimmed) && !trimmed.endsWith(';')) this.inCreateTable = true
      if (LOCK_TABLES_LINE.test(trimmed)) {
        out = this.prefix === '' ? out : out.replace(ALL_QUOTED, (token) => this.prefixed(token))
      } else {
        out = this.rewriteTrigger(out)
        out = this.rewriteRefs(out, VIEW_LINE.test(trimmed) ? VIEW_REFS : TOP_LEVEL_REFS, false)
      }
    }
    return out
  }

  /** DEFINER and collation fixes, statement text only. */
  private compat(line: string): string {
    let out = line
    if (/DEFINER/i.test(out)) out = out.replace(DEFINER, '').replace(EMPTY_VERSIONED_COMMENT, '')
    if (/_0900_/i.test(out)) {
      out = out.replace(MYSQL8_COLLATION, (_all, rest: string) =>
        rest.toLowerCase() === 'bin' || rest.toLowerCase().endsWith('_cs') ? 'utf8mb4_bin' : 'utf8mb4_unicode_520_ci',
      )
    }
    return out
  }

  private isTable(token: string): boolean {
    return this.tables.has(unquote(token))
  }

  /** Prefixed, quoted the same way as the input token; untouched when it is not a dump table. */
  private prefixed(token: string): string {
    if (this.prefix === '' || !this.isTable(token)) return token
    const name = this.prefix + unquote(token)
    return token.startsWith('`') ? quote(name) : name
  }

  private rewriteRefs(line: string, pattern: RegExp, allowBare: boolean): string {
    if (this.prefix === '') return line
    return line.replace(pattern, (all: string, keyword?: string, afterKeyword?: string, qualifier?: string) => {
      if (afterKeyword !== undefined) {
        if (!allowBare && !afterKeyword.startsWith('`')) return all
        return (keyword ?? '') + this.prefixed(afterKeyword)
      }
      if (qualifier !== undefined) return this.prefixed(qualifier)
      return all
    })
  }

  private rewriteReferences(line: string): string {
    if (this.prefix === '') return line
    return line.replace(REFERENCES_ONLY, (_all, keyword: string, table: string) => keyword + this.prefixed(table))
  }

  private rewriteTrigger(line: string): string {
    if (this.prefix === '') return line
    const header = TRIGGER_HEADER.exec(line)
    if (header !== null) {
      const [all, keyword = '', name = '', middle = '', table = ''] = header
      const replacement = keyword + this.renamedTrigger(name, unquote(table)) + middle + this.prefixed(table)
      return line.slice(0, header.index) + replacement + line.slice(header.index + all.length)
    }
    const drop = DROP_TRIGGER.exec(line)
    if (drop !== null) {
      const name = drop[1] ?? ''
      const start = drop.index + drop[0].length - name.length
      return line.slice(0, start) + this.renamedTrigger(name, undefined) + line.slice(start + name.length)
    }
    return line
  }

  private renamedTrigger(token: string, onTable: string | undefined): string {
    const name = unquote(token)
    let renamed: string | undefined
    const candidates = onTable !== undefined ? [onTable] : this.tablesLongestFirst
    for (const table of candidates) {
      if (name.startsWith(`trg_${table}_`)) {
        renamed = `trg_${this.prefix}${name.slice('trg_'.length)}`
        break
      }
    }
    renamed ??= this.prefix + name
    if (renamed.length > MAX_IDENTIFIER) renamed = 'trg_' + createHash('md5').update(renamed).digest('hex')
    return token.startsWith('`') ? quote(renamed) : renamed
  }
}

/** Rewrites a whole dump held as a (latin1-decoded) string. */
export function rewriteDump(text: string, options: DumpRewriteOptions = {}): string {
  const rewriter = new DumpRewriter(collectDumpTables(text), options)
  const out: string[] = []
  for (const line of text.split('\n')) {
    const rewritten = rewriter.line(line)
    if (rewritten !== null) out.push(rewritten)
  }
  return out.join('\n')
}

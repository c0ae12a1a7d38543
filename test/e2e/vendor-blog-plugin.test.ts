/**
 * examples/delta-blog (@vendor/delta-blog) end to end, as a merchant runs it: the real `mig` binary links the plugin,
 * installs capture on the blog tables, keeps Magento 2 in sync while two storefront connections
 * write, and forgets the plugin's tables once it is uninstalled.
 */
import { execFile, execFileSync } from 'node:child_process'
import { promisify } from 'node:util'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import type { Connection, ResultSetHeader } from 'mysql2/promise'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { repoRoot } from '../support/fixtures.js'
import { startLocalRegistry, type LocalRegistry } from '../support/local-registry.js'
import { runMig, startMig, type MigResult } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

const execFileAsync = promisify(execFile)
const PLUGIN = '@vendor/delta-blog'
const pluginRoot = path.join(repoRoot(), 'examples', 'delta-blog')
const BLOG_TABLES = ['blog_post', 'blog_post_store', 'blog_comment'] as const

type Row = Record<string, unknown>

interface StatusJson {
  pending: number
  setAside: { table: string; key: string; reason: string }[]
  tables: { table: string; state: string; pending: number }[]
}

for (const installer of ['link', 'registry'] as const)
  describe(`${PLUGIN}: a vendor plugin ${installer === 'link' ? 'linked into mig' : 'installed from an npm registry'}`, () => {
    const dbs = useTestDatabases()
    const home = mkdtempSync(path.join(os.tmpdir(), 'mig-blog-plugin-'))
    // oclif keeps user-installed and linked plugins in <BIN>_DATA_DIR: a fresh one, for every mig call.
    // For the registry case, npm's user config sends the @mig and @vendor scopes to a loopback registry.
    const npmrc = path.join(home, '.npmrc')
    const env = {
      MIG_DATA_DIR: path.join(home, 'data'),
      MIG_CACHE_DIR: path.join(home, 'cache'),
      MIG_CONFIG_DIR: path.join(home, 'config'),
      npm_config_userconfig: npmrc,
      npm_config_cache: path.join(home, 'npm-cache'),
    }
    let registry: LocalRegistry | undefined
    const mig = (args: readonly string[]): Promise<MigResult> => runMig(args, { env })
    const metaJson = new Map<string, string>()
    let m1db: Connection
    let m2db: Connection
    let config: string
    let m1: string
    let runner: ReturnType<typeof startMig> | undefined

    const status = async (): Promise<StatusJson> => {
      const result = await mig(['delta', 'status', '--json', config])
      expect(result.code, result.stderr).toBe(0)
      return JSON.parse(result.stdout) as StatusJson
    }

    beforeAll(async () => {
      buildPlugin()
      if (installer === 'registry') {
        registry = await startLocalRegistry()
        const host = registry.url.replace(/^http:/, '')
        writeFileSync(
          npmrc,
          `@mig:registry=${registry.url}/\n@vendor:registry=${registry.url}/\n${host}/:_authToken=mig-test\n`,
        )
        for (const folder of [path.join(repoRoot(), 'packages', 'core'), pluginRoot]) {
          // Asynchronously: the registry answers from this very process.
          await execFileAsync(
            'npm',
            [
              'publish',
              '--ignore-scripts',
              '--access',
              'public',
              '--userconfig',
              npmrc,
              '--cache',
              env.npm_config_cache,
            ],
            {
              cwd: folder,
              env: { ...process.env, ...env },
            },
          )
        }
        expect(registry.packages().sort()).toEqual(['@mig/core', PLUGIN])
      } else {
        writeFileSync(npmrc, '')
      }
      m1 = await dbs.create('blog_m1')
      const m2 = await dbs.create('blog_m2')
      for (const [database, file] of [
        [m1, 'magento1.sql'],
        [m2, 'magento2.sql'],
      ] as const) {
        const loader = await openConnection(database, { multipleStatements: true })
        try {
          await loader.query(readFileSync(path.join(pluginRoot, 'sql', file), 'utf8'))
        } finally {
          await loader.end()
        }
      }
      m1db = await openConnection(m1)
      m2db = await openConnection(m2)
      config = writeConfigXml({
        source: m1,
        destination: m2,
        extraXml: `  <steps mode="delta">\n    <step title="Blog"><delta>${PLUGIN}#BlogDelta</delta></step>\n  </steps>`,
      })
    })

    afterAll(async () => {
      if (runner && runner.child.exitCode === null && runner.child.signalCode === null) runner.child.kill('SIGKILL')
      await m1db?.end()
      await m2db?.end()
      await registry?.close()
      rmSync(home, { recursive: true, force: true })
    })

    it(`is ${installer === 'link' ? 'linked with `mig plugins link`' : 'installed with `mig plugins install` from the registry'} and listed by \`mig plugins\``, async () => {
      const added =
        installer === 'link'
          ? await mig(['plugins', 'link', '--no-install', pluginRoot])
          : await mig(['plugins', 'install', PLUGIN])
      expect(added.code, added.stderr).toBe(0)
      const list = await mig(['plugins'])
      expect(list.code, list.stderr).toBe(0)
      expect(list.stdout).toMatch(
        installer === 'link' ? /@vendor\/delta-blog 1\.0\.0 \(link\)/ : /@vendor\/delta-blog 1\.0\.0/,
      )
      if (installer === 'registry')
        expect(
          existsSync(path.join(env.MIG_DATA_DIR, 'node_modules', '@vendor', 'delta-blog', 'dist', 'index.js')),
        ).toBe(true)
    }, 300_000)

    it('`mig delta setup` installs a deltalog and triggers for each blog table', async () => {
      // Rows written before capture exist: `--reset` is what brings them over.
      const seed = new BlogWriter(m1db, 1, metaJson)
      for (let i = 0; i < 12; i++) await seed.createPost()
      const setup = await mig(['delta', 'setup', config])
      expect(setup.code, setup.stderr).toBe(0)
      const [deltalogs] = (await m1db.query(
        "SELECT table_name AS name, table_comment AS comment FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'm2\\_cl\\_%' ORDER BY table_name",
      )) as unknown as [{ name: string; comment: string }[]]
      expect(deltalogs.map((table) => table.name)).toEqual([
        'm2_cl_blog_comment',
        'm2_cl_blog_post',
        'm2_cl_blog_post_store',
      ])
      for (const table of deltalogs) expect(table.comment).toMatch(/^mig:/)
      const [triggers] = (await m1db.query(
        'SELECT event_object_table AS tbl, COUNT(*) AS n FROM information_schema.triggers WHERE trigger_schema = DATABASE() GROUP BY event_object_table ORDER BY tbl',
      )) as unknown as [{ tbl: string; n: number }[]]
      expect(triggers.map((row) => [row.tbl, Number(row.n)])).toEqual(BLOG_TABLES.map((table) => [table, 3]).sort())
      const blog = (await status()).tables.filter((table) => isBlogTable(table.table))
      expect(blog.map((table) => [table.table, table.state]).sort()).toEqual(
        BLOG_TABLES.map((table) => [table, 'installed']).sort(),
      )
    })

    it('`mig delta run --reset --once` reconciles Magento 2 with the full Magento 1 state', async () => {
      // A post Magento 1 never had: --reset removes it (and its comment, by Magento 2's cascade).
      await m2db.query("INSERT INTO mageplaza_blog_post (post_id, title) VALUES (999999, 'stale')")
      await m2db.query("INSERT INTO mageplaza_blog_comment (post_id, author, body) VALUES (999999, 'x', 'stale')")
      const reset = await mig(['delta', 'run', '--reset', '--once', config])
      expect(reset.code, reset.stderr).toBe(0)
      await expectConverged(m1db, m2db, metaJson)
    })

    it('stays in sync while two connections write posts, store links and comments; drains; SIGINT exits 0', async () => {
      runner = startMig(['delta', 'run', '--interval', '1', config], { env })
      const writers = [new BlogWriter(m1db, 2, metaJson), new BlogWriter(await openConnection(m1), 3, metaJson)]
      try {
        const done = await Promise.all(writers.map((writer) => writer.run(3_000)))
        expect(done.reduce((sum, count) => sum + count, 0)).toBeGreaterThan(100)
      } finally {
        await writers[1]!.connection.end()
      }
      const blogPending = async (): Promise<number> =>
        (await status()).tables
          .filter((table) => isBlogTable(table.table))
          .reduce((sum, table) => sum + table.pending, 0)
      await waitFor(async () => (await blogPending()) === 0, 90_000, 'the blog backlog to drain', runner)
      runner.child.kill('SIGINT')
      const result = await runner.result
      expect(result.code, result.stderr).toBe(0)
      expect(result.stdout).toMatch(/cycle \d+: \d+ changes applied/)
      expect(result.stdout).toContain('delta run stopped')
      expect((await status()).setAside.filter((item) => isBlogTable(item.table))).toEqual([])
      await expectConverged(m1db, m2db, metaJson)
    })

    it('`mig plugins uninstall` removes it: core plugins keep working, the blog tables are no longer tracked', async () => {
      const uninstall = await mig(['plugins', 'uninstall', PLUGIN])
      expect(uninstall.code, uninstall.stderr).toBe(0)
      const list = await mig(['plugins'])
      expect(list.code, list.stderr).toBe(0)
      expect(list.stdout).not.toContain(PLUGIN)
      const after = await status()
      expect(after.tables.length).toBeGreaterThan(0) // the core plugins' tables
      expect(after.tables.filter((table) => isBlogTable(table.table))).toEqual([])
      // What the uninstalled plugin left on Magento 1 is still mig's: teardown removes it.
      const teardown = await mig(['delta', 'teardown', config])
      expect(teardown.code, teardown.stderr).toBe(0)
      const [left] = (await m1db.query(
        "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE() AND table_name LIKE 'm2\\_%' UNION ALL SELECT trigger_name FROM information_schema.triggers WHERE trigger_schema = DATABASE()",
      )) as unknown as [{ name: string }[]]
      expect(left).toEqual([])
    })
  })

function isBlogTable(table: string): boolean {
  return (BLOG_TABLES as readonly string[]).includes(table)
}

/** Builds the plugin as its vendor would (`tsc -b`) when dist/ is missing or older than src/. */
function buildPlugin(): void {
  const built = path.join(pluginRoot, 'dist', 'index.js')
  const source = path.join(pluginRoot, 'src', 'index.ts')
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs) return
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc')
  execFileSync(process.execPath, [tsc, '-b', pluginRoot], { stdio: 'inherit' })
}

async function waitFor(
  condition: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
  runner: ReturnType<typeof startMig>,
): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (runner.child.exitCode !== null)
      throw new Error(
        `mig delta run exited (${runner.child.exitCode}) while waiting for ${what}: ${runner.output().stderr}`,
      )
    if (await condition()) return
    await new Promise((resolve) => setTimeout(resolve, 500))
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; runner stderr: ${runner.output().stderr}`)
}

// ---------------------------------------------------------------------------------------------
// The Magento 1 storefront and admin: random posts, store links and comments.

const TEXTS = [
  'Grüße aus Köln',
  '日本語のブログ記事',
  'Ελληνικά και Русский',
  'עברית ✓ العربية',
  'emoji 🎉🚀 beyond the BMP 𝄞',
  'quotes " and \' and a \\ backslash',
  'a/path/with/slashes and </script>',
  'line\nbreak\tand tab',
  'plain ASCII; with: punctuation {a:1}',
  'Ünïcödé äöü ß — “typographic” …',
]

type MetaValue = null | boolean | number | string | MetaValue[] | { [key: string]: MetaValue }

class BlogWriter {
  private readonly random: () => number
  private stores = [0, 1, 2, 3]
  static readonly posts = new Set<number>()
  static readonly comments = new Set<number>()

  constructor(
    readonly connection: Connection,
    seed: number,
    private readonly metaJson: Map<string, string>,
  ) {
    let state = seed >>> 0
    this.random = () => {
      state = (state + 0x6d2b79f5) >>> 0
      let t = state
      t = Math.imul(t ^ (t >>> 15), t | 1)
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296
    }
  }

  /** Writes until `ms` have passed; returns how many operations succeeded. */
  async run(ms: number): Promise<number> {
    const until = Date.now() + ms
    let done = 0
    while (Date.now() < until) {
      const roll = this.random()
      try {
        if (roll < 0.25 || BlogWriter.posts.size < 5) await this.createPost()
        else if (roll < 0.47) await this.updatePost()
        else if (roll < 0.53) await this.deletePost()
        else if (roll < 0.68) await this.addComment()
        else if (roll < 0.78) await this.updateComment()
        else if (roll < 0.83) await this.deleteComment()
        else if (roll < 0.93) await this.toggleStore()
        else await this.moveStore()
        done++
      } catch (error) {
        await this.connection.query('ROLLBACK').catch(() => undefined)
        // The other connection deleted the post meanwhile, or the two collided: a storefront retries.
        const errno = (error as { errno?: number }).errno
        if (errno !== 1452 && errno !== 1213 && errno !== 1205) throw error
      }
    }
    return done
  }

  async createPost(): Promise<void> {
    const db = this.connection
    await db.query('START TRANSACTION')
    const [result] = await db.query<ResultSetHeader>(
      'INSERT INTO blog_post (title, content, status, created_at, updated_at, meta_data, author_name) VALUES (?, ?, ?, ?, NOW(), ?, ?)',
      [this.text(), this.longText(), this.int(0, 2), this.date(), this.meta(), this.chance(0.2) ? null : this.text()],
    )
    const postId = result.insertId
    for (const store of this.sample(this.stores, this.int(1, 3)))
      await db.query('INSERT INTO blog_post_store (post_id, store_id) VALUES (?, ?)', [postId, store])
    const comments: number[] = []
    for (let i = this.int(0, 2); i > 0; i--) comments.push(await this.insertComment(postId))
    await db.query('COMMIT')
    BlogWriter.posts.add(postId)
    for (const id of comments) BlogWriter.comments.add(id)
  }

  private async updatePost(): Promise<void> {
    const post = this.pick(BlogWriter.posts)
    if (this.chance(0.5)) {
      await this.connection.query(
        'UPDATE blog_post SET title = ?, meta_data = ?, updated_at = NOW() WHERE post_id = ?',
        [this.text(), this.meta(), post],
      )
    } else {
      await this.connection.query('UPDATE blog_post SET content = ?, status = ?, author_name = ? WHERE post_id = ?', [
        this.longText(),
        this.int(0, 2),
        this.text(),
        post,
      ])
    }
  }

  private async deletePost(): Promise<void> {
    const post = this.pick(BlogWriter.posts)
    await this.connection.query('DELETE FROM blog_post WHERE post_id = ?', [post]) // its links and comments go by cascade
    BlogWriter.posts.delete(post)
  }

  private async addComment(): Promise<void> {
    BlogWriter.comments.add(await this.insertComment(this.pick(BlogWriter.posts)))
  }

  private async insertComment(postId: number): Promise<number> {
    const [result] = await this.connection.query<ResultSetHeader>(
      'INSERT INTO blog_comment (post_id, author, body, status, created_at) VALUES (?, ?, ?, ?, ?)',
      [postId, this.text(), this.longText(), this.int(0, 1), this.date()],
    )
    return result.insertId
  }

  private async updateComment(): Promise<void> {
    if (BlogWriter.comments.size === 0) return this.addComment()
    await this.connection.query('UPDATE blog_comment SET body = ?, status = ? WHERE comment_id = ?', [
      this.longText(),
      this.int(0, 1),
      this.pick(BlogWriter.comments),
    ])
  }

  private async deleteComment(): Promise<void> {
    if (BlogWriter.comments.size === 0) return
    const comment = this.pick(BlogWriter.comments)
    await this.connection.query('DELETE FROM blog_comment WHERE comment_id = ?', [comment])
    BlogWriter.comments.delete(comment)
  }

  private async toggleStore(): Promise<void> {
    const post = this.pick(BlogWriter.posts)
    const store = this.pick(new Set(this.stores))
    if (this.chance(0.5))
      await this.connection.query('INSERT IGNORE INTO blog_post_store (post_id, store_id) VALUES (?, ?)', [post, store])
    else await this.connection.query('DELETE FROM blog_post_store WHERE post_id = ? AND store_id = ?', [post, store])
  }

  /** An UPDATE of the key: captured as a delete of the old key and an upsert of the new one. */
  private async moveStore(): Promise<void> {
    const post = this.pick(BlogWriter.posts)
    await this.connection.query('UPDATE IGNORE blog_post_store SET store_id = ? WHERE post_id = ? AND store_id = ?', [
      this.int(0, 3),
      post,
      this.int(0, 3),
    ])
  }

  /** A PHP-serialized meta_data value (sometimes NULL or empty), remembering the JSON Magento 2 must get. */
  private meta(): string | null {
    if (this.chance(0.08)) return null
    if (this.chance(0.04)) return ''
    const value: MetaValue = this.chance(0.05)
      ? []
      : {
          meta_title: this.text(),
          meta_keywords: this.sample(TEXTS, this.int(0, 3)),
          meta_description: this.longText(),
          robots: this.chance(0.5) ? 'INDEX,FOLLOW' : 'NOINDEX,NOFOLLOW',
          rating: this.int(0, 9) + 0.5,
          views: this.int(0, 100_000),
          featured: this.chance(0.3),
          layout: null,
          open_graph: { image: `/media/blog/${this.int(1, 99)}.jpg`, locale: this.chance(0.5) ? 'de_DE' : 'ja_JP' },
        }
    const serialized = phpSerialize(value)
    this.metaJson.set(serialized, phpJsonEncode(value))
    return serialized
  }

  private text(): string {
    return TEXTS[Math.floor(this.random() * TEXTS.length)]!
  }
  private longText(): string {
    return this.sample(TEXTS, this.int(1, 4)).join('\n')
  }
  private date(): string {
    const pad = (n: number): string => String(n).padStart(2, '0')
    return `20${pad(this.int(10, 15))}-${pad(this.int(1, 12))}-${pad(this.int(1, 28))} ${pad(this.int(0, 23))}:${pad(this.int(0, 59))}:${pad(this.int(0, 59))}`
  }
  private int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1))
  }
  private chance(p: number): boolean {
    return this.random() < p
  }
  private pick<T>(items: ReadonlySet<T>): T {
    const list = [...items]
    return list[Math.floor(this.random() * list.length)]!
  }
  private sample<T>(items: readonly T[], count: number): T[] {
    const pool = [...items]
    const out: T[] = []
    while (out.length < count && pool.length > 0) out.push(pool.splice(Math.floor(this.random() * pool.length), 1)[0]!)
    return out
  }
}

/** PHP serialize() of the values above (string lengths in UTF-8 bytes, as PHP counts them). */
function phpSerialize(value: MetaValue): string {
  if (value === null) return 'N;'
  if (typeof value === 'boolean') return `b:${value ? 1 : 0};`
  if (typeof value === 'number') return Number.isInteger(value) ? `i:${value};` : `d:${value};`
  if (typeof value === 'string') return `s:${Buffer.byteLength(value, 'utf8')}:"${value}";`
  const entries: [string | number, MetaValue][] = Array.isArray(value)
    ? value.map((item, index) => [index, item])
    : Object.entries(value)
  return `a:${entries.length}:{${entries.map(([key, item]) => `${typeof key === 'number' ? `i:${key};` : phpSerialize(key)}${phpSerialize(item)}`).join('')}}`
}

/** PHP json_encode() with default flags: `/` escaped, every non-ASCII character as \uXXXX. */
function phpJsonEncode(value: MetaValue): string {
  return JSON.stringify(value).replace(/[/\u007f-\uffff]/g, (char) =>
    char === '/' ? '\\/' : char === '\u007f' ? char : `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  )
}

// ---------------------------------------------------------------------------------------------
// The check: every Magento 1 row, transformed as the map says, is in Magento 2 exactly; nothing else is.

async function expectConverged(
  m1db: Connection,
  m2db: Connection,
  metaJson: ReadonlyMap<string, string>,
): Promise<void> {
  const post = (row: Row): Row => {
    const { content, meta_data, ...rest } = row
    const json = typeof meta_data === 'string' && meta_data !== '' ? metaJson.get(meta_data) : meta_data
    if (json === undefined)
      throw new Error(`post ${String(row['post_id'])}: meta_data not written by this test: ${String(meta_data)}`)
    return { ...rest, post_content: content, meta_data: json, views_count: 0 }
  }
  const results = [
    await compareTable(m1db, m2db, 'blog_post', 'mageplaza_blog_post', ['post_id'], post),
    await compareTable(
      m1db,
      m2db,
      'blog_post_store',
      'mageplaza_blog_post_store',
      ['post_id', 'store_id'],
      (row) => row,
    ),
    await compareTable(m1db, m2db, 'blog_comment', 'mageplaza_blog_comment', ['comment_id'], (row) => row),
  ]
  for (const result of results) {
    expect(result.compared, `${result.table} has rows`).toBeGreaterThan(0)
    // Counts, and the first few of each, so a failure stays readable.
    expect({
      table: result.table,
      missing: result.missing.length,
      extra: result.extra.length,
      different: result.different.length,
      examples: [
        ...result.missing.slice(0, 5).map((key) => `missing ${key}`),
        ...result.extra.slice(0, 5).map((key) => `extra ${key}`),
        ...result.different.slice(0, 5),
      ],
    }).toEqual({ table: result.table, missing: 0, extra: 0, different: 0, examples: [] })
  }
}

async function compareTable(
  m1db: Connection,
  m2db: Connection,
  source: string,
  destination: string,
  keys: readonly string[],
  transform: (row: Row) => Row,
): Promise<{ table: string; compared: number; missing: string[]; extra: string[]; different: string[] }> {
  const [m1rows] = (await m1db.query(`SELECT * FROM ${source}`)) as unknown as [Row[]]
  const [m2rows] = (await m2db.query(`SELECT * FROM ${destination}`)) as unknown as [Row[]]
  const keyOf = (row: Row): string => keys.map((key) => String(row[key])).join('/')
  const actual = new Map(m2rows.map((row) => [keyOf(row), row]))
  const missing: string[] = []
  const different: string[] = []
  for (const m1row of m1rows) {
    const expected = transform(m1row)
    const key = keyOf(expected)
    const row = actual.get(key)
    actual.delete(key)
    if (!row) {
      missing.push(key)
      continue
    }
    const columns = new Set([...Object.keys(expected), ...Object.keys(row)])
    for (const column of columns) {
      if (!Object.is(expected[column], row[column]))
        different.push(
          `${key} ${column}: expected ${JSON.stringify(expected[column])}, got ${JSON.stringify(row[column])}`,
        )
    }
  }
  return { table: destination, compared: m1rows.length, missing, extra: [...actual.keys()], different }
}

import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Connection } from 'mysql2/promise'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { writeConfigXml } from '../support/config-file.js'
import { describeWithFixtures, fixturePath, MAGENTO1_DUMP, MAGENTO2_DUMP, repoRoot } from '../support/fixtures.js'
import { loadDump } from '../support/load-dump.js'
import { runMig, type MigResult } from '../support/run-mig.js'
import { openConnection, useTestDatabases } from '../support/test-database.js'

const pluginRoot = path.join(repoRoot(), 'examples', 'delta-blog')

/** PHP serialize() output as the blog extension stores it, and the JSON Magento 2 reads. */
const META: readonly (readonly [string | null, string | null])[] = [
  ['a:2:{s:4:"tags";a:2:{i:0;s:3:"new";i:1;s:5:"sale/";}s:5:"views";i:7;}', '{"tags":["new","sale\\/"],"views":7}'],
  ['a:1:{s:6:"author";s:6:"Zoë K";}', '{"author":"Zo\\u00eb K"}'],
  [null, null],
]

/** A vendor plugin's tables take part in `mig data run` with no code of their own for it. */
describeWithFixtures('mig data run copies a vendor plugin’s tables (@vendor/delta-blog, linked)', () => {
  const dbs = useTestDatabases()
  const home = mkdtempSync(path.join(os.tmpdir(), 'mig-data-vendor-'))
  const env = {
    MIG_DATA_DIR: path.join(home, 'data'),
    MIG_CACHE_DIR: path.join(home, 'cache'),
    MIG_CONFIG_DIR: path.join(home, 'config'),
  }
  const mig = (args: readonly string[]): Promise<MigResult> => runMig(args, { env })
  let m1db: Connection
  let m2db: Connection
  let config: string
  let m1: string
  let m2: string

  beforeAll(async () => {
    m1 = await dbs.create('vendor_m1')
    m2 = await dbs.create('vendor_m2')
    await Promise.all([loadDump(m1, fixturePath(MAGENTO1_DUMP)), loadDump(m2, fixturePath(MAGENTO2_DUMP))])
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
    // A store's blog history: 300 posts, each on one or two store views, with two comments.
    for (let post = 1; post <= 300; post++) {
      const [meta] = META[post % META.length]!
      await m1db.query(
        'INSERT INTO blog_post (post_id, title, content, status, created_at, meta_data, author_name) VALUES (?, ?, ?, 1, ?, ?, ?)',
        [
          post,
          `Post ${post}`,
          `<p>Body of post ${post} — ünïcode ✓</p>`,
          `2024-01-01 00:00:${String(post % 60).padStart(2, '0')}`,
          meta,
          post % 5 === 0 ? null : `Author ${post % 7}`,
        ],
      )
      await m1db.query(
        'INSERT INTO blog_post_store (post_id, store_id) VALUES (?, 0)' + (post % 2 === 0 ? ', (?, 1)' : ''),
        post % 2 === 0 ? [post, post] : [post],
      )
      await m1db.query('INSERT INTO blog_comment (post_id, author, body, status) VALUES (?, ?, ?, 1), (?, ?, ?, 0)', [
        post,
        'Ann',
        `First on ${post}`,
        post,
        'Bo',
        `Second on ${post}`,
      ])
    }
    // Magento 2 already holds a post Magento 1 never had: the copy empties the tables it owns first.
    await m2db.query("INSERT INTO mageplaza_blog_post (post_id, title) VALUES (999999, 'stale')")
    config = writeConfigXml({ source: m1, destination: m2, options: { log_file: path.join(home, 'mig.log') } })
    const linked = await mig(['plugins', 'link', '--no-install', pluginRoot])
    expect(linked.code, linked.stderr).toBe(0)
  })

  afterAll(async () => {
    await m1db?.end()
    await m2db?.end()
    rmSync(home, { recursive: true, force: true })
  })

  it('copies posts (renamed column, serialized field as JSON), store links and comments; a delta run then applies new posts', async () => {
    const result = await mig(['data', 'run', config])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^blog_post: 300 in /m)
    expect(result.stdout).toMatch(/^blog_post_store: 450 in /m)
    expect(result.stdout).toMatch(/^blog_comment: 600 in /m)
    expect(result.stdout).toMatch(/volume check: \d+ Magento 2 tables match Magento 1/)
    // Not a terminal here: no bar drawing on stderr; the log file has the closing lines and the copy's pace.
    expect(result.stderr).not.toContain('\r')
    const logged = readFileSync(path.join(home, 'mig.log'), 'utf8')
    expect(logged).toMatch(
      /INFO blog_post: 300 in \S+ \([\d,]+\/s\) \{"event":"progress-done","label":"blog_post","done":300/,
    )
    expect(logged).toMatch(/DEBUG blog_comment: read [\d.]+s, load [\d.]+s, write [\d.]+s/)
    expect(logged).toMatch(/INFO data run finished in /)

    const [posts] = (await m2db.query(
      'SELECT post_id, title, post_content, status, created_at, meta_data, author_name, views_count FROM mageplaza_blog_post ORDER BY post_id',
    )) as unknown as [Record<string, unknown>[]]
    const [sources] = (await m1db.query(
      'SELECT post_id, title, content, status, created_at, meta_data, author_name FROM blog_post ORDER BY post_id',
    )) as unknown as [Record<string, unknown>[]]
    expect(posts.length).toBe(300)
    expect(posts).toEqual(
      sources.map((row) => ({
        post_id: row['post_id'],
        title: row['title'],
        post_content: row['content'],
        status: row['status'],
        created_at: row['created_at'],
        meta_data: META.find(([serialized]) => serialized === row['meta_data'])?.[1],
        author_name: row['author_name'],
        views_count: 0,
      })),
    )
    for (const [source, destination] of [
      [
        'SELECT post_id, store_id FROM blog_post_store ORDER BY post_id, store_id',
        'SELECT post_id, store_id FROM mageplaza_blog_post_store ORDER BY post_id, store_id',
      ],
      [
        'SELECT comment_id, post_id, author, body, status, created_at FROM blog_comment ORDER BY comment_id',
        'SELECT comment_id, post_id, author, body, status, created_at FROM mageplaza_blog_comment ORDER BY comment_id',
      ],
    ] as const) {
      const [expected] = await m1db.query(source)
      const [actual] = await m2db.query(destination)
      expect(actual).toEqual(expected)
    }

    // Capture was installed by the data run: a post written afterwards reaches Magento 2 through delta.
    await m1db.query("INSERT INTO blog_post (post_id, title, content) VALUES (301, 'After the copy', 'late')")
    const delta = await mig(['delta', 'run', '--once', config])
    expect(delta.code, delta.stderr).toBe(0)
    const [late] = await m2db.query('SELECT title, post_content FROM mageplaza_blog_post WHERE post_id = 301')
    expect(late).toEqual([{ title: 'After the copy', post_content: 'late' }])
  })

  it('a value too long for its Magento 2 column and a value its handler cannot convert cost nothing but themselves: the rows are copied, the values cut or emptied, the originals kept in Magento 2', async () => {
    // This store's Magento 2 version of the extension keeps author names shorter.
    await m2db.query('ALTER TABLE mageplaza_blog_post MODIFY author_name VARCHAR(20) NULL')
    await m1db.query(
      "INSERT INTO blog_post (post_id, title, content, author_name) VALUES (302, 'Long author', 'l', 'An author name longer than twenty')",
    )
    await m1db.query(
      "INSERT INTO blog_post (post_id, title, content, meta_data) VALUES (303, 'Broken meta', 'b', 'a:1:{s:3:\"cut')",
    )
    try {
      const strict = writeConfigXml({
        source: m1,
        destination: m2,
        options: { log_file: path.join(home, 'refused.log') },
      })
      // Without --auto: nothing is set aside, so nothing stops the run.
      const result = await mig(['data', 'run', '--reset', strict])
      expect(result.code, result.stderr).toBe(0)
      expect(result.stderr).toMatch(
        /lost \(written empty, the original kept in Magento 2\) blog_post\.author_name: 1 value \(post_id=302\): longer than Magento 2's varchar\(20\) \(33 characters\): cut to 20/,
      )
      expect(result.stderr).toMatch(
        /lost \(written empty, the original kept in Magento 2\) blog_post\.meta_data: 1 value \(post_id=303\): neither PHP-serialized data nor JSON/,
      )
      expect(result.stdout + result.stderr).toMatch(
        /data run finished in .*, 2 values lost \(written empty, originals kept in Magento 2\)/,
      )
      // The page went to the server as lines first; the refusal sent it through mig's values, row by row.
      expect(readFileSync(path.join(home, 'refused.log'), 'utf8')).toContain(
        'blog_post: source-formatted rows refused; copying them as values',
      )
      const [copied] = await m2db.query(
        'SELECT post_id, author_name, meta_data FROM mageplaza_blog_post WHERE post_id IN (302, 303) ORDER BY post_id',
      )
      expect(copied).toEqual([
        { post_id: 302, author_name: 'An author name longe', meta_data: null },
        { post_id: 303, author_name: null, meta_data: null },
      ])
      const [kept] = await m2db.query(
        'SELECT source_table, row_key, source_column, kind, CAST(original AS CHAR) AS original FROM m2_mig_dirty_value ORDER BY row_key',
      )
      expect(kept).toEqual([
        {
          source_table: 'blog_post',
          row_key: 'post_id=302',
          source_column: 'author_name',
          kind: 'lost',
          original: 'An author name longer than twenty',
        },
        {
          source_table: 'blog_post',
          row_key: 'post_id=303',
          source_column: 'meta_data',
          kind: 'lost',
          original: 'a:1:{s:3:"cut',
        },
      ])
      // verify: clean, the two values listed apart as known.
      const verify = await mig(['verify', strict])
      expect(verify.code, verify.stdout).toBe(0)
      expect(verify.stdout).toMatch(
        /^known, not a difference: lost \(written empty, the original kept in Magento 2\) blog_post\.author_name: 1 value/m,
      )
      // Fixed in Magento 1: the next delta writes the full value and forgets the original.
      await m1db.query('UPDATE blog_post SET meta_data = NULL WHERE post_id = 303')
      const delta = await mig(['delta', 'run', '--once', strict])
      expect(delta.code, delta.stderr).toBe(0)
      const [left] = await m2db.query('SELECT row_key FROM m2_mig_dirty_value')
      expect(left).toEqual([{ row_key: 'post_id=302' }])
    } finally {
      await m1db.query('DELETE FROM blog_post WHERE post_id IN (302, 303)')
      await m2db.query('DELETE FROM mageplaza_blog_post WHERE post_id IN (302, 303)')
      await m2db.query('ALTER TABLE mageplaza_blog_post MODIFY author_name VARCHAR(255) NULL')
    }
  })

  it("teardown after cut-over removes mig's triggers and tables from Magento 1 and its bookkeeping tables (progress, indexes to build) from Magento 2", async () => {
    const result = await mig(['delta', 'teardown', '--force', config])
    expect(result.code, result.stderr).toBe(0)
    expect(result.stdout).toMatch(/^removed [1-9]\d* triggers and [1-9]\d* mig tables from Magento 1$/m)
    // The originals of lost values are the merchant's data: kept until asked.
    expect(result.stdout).toMatch(
      /^removed 2 mig tables from Magento 2; kept m2_mig_dirty_value \(original values of repaired and lost values; --drop-dirty-values drops it\)$/m,
    )
    const dropped = await mig(['delta', 'teardown', '--drop-dirty-values', config])
    expect(dropped.stdout).toMatch(/^removed 1 mig tables from Magento 2$/m)
    const [m1Objects] = await m1db.query(
      "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT LIKE 'mig:%'",
    )
    const [m1Triggers] = await m1db.query(
      "SELECT COUNT(*) AS n FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = DATABASE() AND TRIGGER_NAME LIKE 'm2\\_trg\\_%'",
    )
    const [m2Objects] = await m2db.query(
      "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = DATABASE() AND TABLE_COMMENT LIKE 'mig:%'",
    )
    expect([m1Objects, m1Triggers, m2Objects].map((rows) => Number((rows as { n: number }[])[0]?.n))).toEqual([0, 0, 0])
    // Magento 2's migrated data stays.
    const [posts] = await m2db.query('SELECT COUNT(*) AS n FROM mageplaza_blog_post')
    expect(Number((posts as { n: number }[])[0]?.n)).toBe(301)
  })
})

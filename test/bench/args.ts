export interface BenchArgs {
  /** Print exactly one JSON document on stdout. */
  readonly json: boolean
  /** Order-related rows to generate (≈ 6 per order: order, 2 items, 2 addresses, payment). */
  readonly rows: number
  /** Seconds of storefront writes per side (without / with triggers) and round. */
  readonly triggerSeconds: number
  /** Rounds of (without, with) trigger measurements; medians are reported. */
  readonly triggerRounds: number
  /** `bulk_size` written to config.xml (0 = mig sizes batches itself). */
  readonly bulkSize: number
  /** Sets direct_document_copy=1 (both databases are on this one server). */
  readonly direct: boolean
  /** Order-related rows in the Magento 1 store `mig data run` copies. */
  readonly dataRows: number
  /** Catalog rows (new products with their values, links, stock and tier prices) the catalog part generates. */
  readonly catalogRows: number
  /** Which parts to run. */
  readonly parts: ReadonlySet<BenchPart>
}

export const BENCH_PARTS = ['delta', 'catalog', 'data'] as const
export type BenchPart = (typeof BENCH_PARTS)[number]

function isPart(text: string | undefined): text is BenchPart {
  return (BENCH_PARTS as readonly (string | undefined)[]).includes(text)
}

export const USAGE = `usage: npm run bench -- [--json] [--rows N] [--catalog-rows N] [--data-rows N] [--only PART] [--trigger-seconds S] [--trigger-rounds R] [--bulk-size B] [--direct]
  --json               print exactly one JSON document on stdout (progress goes to stderr)
  --rows N             order-related rows to generate in Magento 1 (default 100000)
  --trigger-seconds S  seconds of storefront writes per side (without / with triggers) and round (default 5)
  --trigger-rounds R   rounds of without/with trigger measurements, medians reported (default 3)
  --bulk-size B        bulk_size option in config.xml (default 0: mig's own batch size)
  --direct             direct_document_copy=1: handler-free tables are copied by the server itself
  --data-rows N        order-related rows in the store \`mig data run\` copies (default 1000000)
  --catalog-rows N     catalog rows (new products, ≈12 rows each) for the catalog delta run (default 100000)
  --only PART          delta (orders: change capture + delta run), catalog (products: delta run) or data (full copy); default all
environment: MIG_TEST_DB_HOST/PORT/USER/PASSWORD, MIG_FIXTURES_DIR, MIG_TEST_KEEP_DATABASES=1`

export class UsageProblem extends Error {}

export function parseArgs(argv: readonly string[]): BenchArgs | 'help' {
  let json = false
  let rows = 100_000
  let triggerSeconds = 5
  let triggerRounds = 3
  let bulkSize = 0
  let direct = false
  let dataRows = 1_000_000
  let catalogRows = 100_000
  let parts = new Set<BenchPart>(BENCH_PARTS)
  const number = (flag: string, text: string | undefined, min: number): number => {
    const value = Number(text)
    if (text === undefined || text === '' || !Number.isFinite(value) || value < min)
      throw new UsageProblem(`${flag} needs a number ≥ ${min}, got ${JSON.stringify(text ?? '')}`)
    return value
  }
  for (let index = 0; index < argv.length; index++) {
    const raw = argv[index] as string
    const [flag, inline] =
      raw.startsWith('--') && raw.includes('=')
        ? [raw.slice(0, raw.indexOf('=')), raw.slice(raw.indexOf('=') + 1)]
        : [raw, undefined]
    const value = (): string | undefined => inline ?? argv[++index]
    switch (flag) {
      case '--json':
        json = true
        break
      case '--rows':
        rows = Math.round(number(flag, value(), 6))
        break
      case '--trigger-seconds':
        triggerSeconds = number(flag, value(), 0.5)
        break
      case '--trigger-rounds':
        triggerRounds = Math.round(number(flag, value(), 1))
        break
      case '--bulk-size':
        bulkSize = Math.round(number(flag, value(), 0))
        break
      case '--direct':
        direct = true
        break
      case '--data-rows':
        dataRows = Math.round(number(flag, value(), 6))
        break
      case '--catalog-rows':
        catalogRows = Math.round(number(flag, value(), 13))
        break
      case '--only': {
        const part = value()
        if (!isPart(part))
          throw new UsageProblem(`--only needs ${BENCH_PARTS.join(', ')}, got ${JSON.stringify(part ?? '')}`)
        parts = new Set([part])
        break
      }
      case '--help':
      case '-h':
        return 'help'
      default:
        throw new UsageProblem(`unknown argument ${JSON.stringify(raw)}`)
    }
  }
  return { json, rows, triggerSeconds, triggerRounds, bulkSize, direct, dataRows, catalogRows, parts }
}

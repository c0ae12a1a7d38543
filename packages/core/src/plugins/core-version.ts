import { readFileSync } from 'node:fs'

/** This @mig/core's own version, read from its package.json (one level above dist/ and src/). */
export const CORE_VERSION: string = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version

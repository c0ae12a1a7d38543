import { createHash } from 'node:crypto'

export const MAX_IDENTIFIER_LENGTH = 64

/**
 * Names over MySQL's 64-character limit are cut and suffixed with a hash of the full name, so the
 * same input always yields the same name and two long names sharing a prefix never collide.
 */
export function shortenName(name: string, max = MAX_IDENTIFIER_LENGTH): string {
  if (name.length <= max) return name
  const hash = createHash('sha1').update(name).digest('hex').slice(0, 8)
  return `${name.slice(0, max - hash.length - 1)}_${hash}`
}

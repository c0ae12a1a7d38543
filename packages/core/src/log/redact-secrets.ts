const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * `text` with every secret replaced by `***`, however short. A secret of four characters or more is
 * masked wherever it appears; a shorter one where it stands as a value of its own (not inside a
 * word or number), since masking every `a` of a one-letter password would make every line
 * unreadable while hiding nothing. Longer secrets are masked first (one may contain another).
 */
export function redactSecrets(text: string, secrets: Iterable<string>): string {
  const distinct = [...new Set(secrets)].filter((secret) => secret.length > 0).sort((a, b) => b.length - a.length)
  let result = text
  for (const secret of distinct) {
    result =
      secret.length >= 4
        ? result.split(secret).join('***')
        : result.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(secret)}(?![\\p{L}\\p{N}])`, 'gu'), '***')
  }
  return result
}

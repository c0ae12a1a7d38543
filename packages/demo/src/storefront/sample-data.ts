import type { Rng } from './prng.js'

/** Deliberately varied text: accents, CJK, Cyrillic, Arabic, emoji (4-byte), quotes, backslashes. */
export const FIRST_NAMES = [
  'Zoë',
  'Łukasz',
  'José',
  'Chloé',
  'Ивана',
  'محمد',
  '美咲',
  'Søren',
  'Anne-Marie',
  "O'Neil",
  'Jürgen',
  'Ana',
] as const
export const LAST_NAMES = [
  'Ørsted',
  'Müller',
  'Nguyễn',
  'Dvořák',
  '東京',
  'Петрова',
  'García Márquez',
  'Smith',
  'Łęcki',
  'Ó Briain',
] as const
export const CITIES = [
  'København',
  'München',
  'Kraków',
  '東京',
  'São Paulo',
  'Zürich',
  'Springfield',
  'Reykjavík',
] as const
export const STREETS = [
  'Østergade 12',
  'Hauptstraße 5\nHinterhaus',
  '1-2-3 Shibuya 渋谷',
  'Rua das Flores, 77',
  '221B Baker St',
  'ul. Długa 8/3',
] as const
export const COUNTRIES = ['DK', 'DE', 'PL', 'JP', 'BR', 'CH', 'US', 'IS'] as const
export const COMPANIES = [null, 'Gifts 🎁 ApS', 'Acme "Quotes" & Co', 'Back\\slash GmbH', '株式会社テスト'] as const
export const GIFT_MESSAGES = [
  'Happy birthday! 🎂🎁',
  'Til lykke, Zoë ❤',
  'お誕生日おめでとう',
  'Line one\nLine two\t(tab)',
] as const

export interface Person {
  prefix: string | null
  firstname: string
  middlename: string | null
  lastname: string
  email: string
}

export function person(rng: Rng, n: number): Person {
  const firstname = rng.pick(FIRST_NAMES)
  const lastname = rng.pick(LAST_NAMES)
  return {
    prefix: rng.chance(0.2) ? rng.pick(['Mr.', 'Ms.', 'Dr.']) : null,
    firstname,
    middlename: rng.chance(0.15) ? 'Ł.' : null,
    lastname,
    email: `shopper${n}.${rng.hex(6)}@example.com`,
  }
}

export interface AddressData {
  firstname: string
  middlename: string | null
  lastname: string
  prefix: string | null
  company: string | null
  street: string
  city: string
  region: string | null
  postcode: string
  country_id: string
  telephone: string
  fax: string | null
  email: string
}

export function address(rng: Rng, p: Person): AddressData {
  return {
    firstname: p.firstname,
    middlename: p.middlename,
    lastname: p.lastname,
    prefix: p.prefix,
    company: rng.pick(COMPANIES),
    street: rng.pick(STREETS),
    city: rng.pick(CITIES),
    region: rng.chance(0.5) ? 'Région Île-de-France' : null,
    postcode: rng.digits(rng.int(4, 5)),
    country_id: rng.pick(COUNTRIES),
    telephone: `+${rng.int(1, 99)} ${rng.digits(8)}`,
    fax: rng.chance(0.1) ? rng.digits(8) : null,
    email: p.email,
  }
}

/**
 * A long note of at least `bytes` UTF-8 bytes (default 20 KB), multibyte text included, never
 * splitting a character. Stays far below TEXT's 65,535 bytes.
 */
export function longNote(rng: Rng, bytes = 20 * 1024): string {
  const parts: string[] = []
  let size = 0
  let i = 0
  while (size < bytes) {
    const line = `#${i++} ${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)} — note ${rng.hex(8)}: «Ünïcödé» 東京 ✓ \\ "quoted" 'single'\n`
    parts.push(line)
    size += Buffer.byteLength(line, 'utf8')
  }
  return parts.join('')
}

/** Replace 4-byte characters (emoji) by '?', as MariaDB does for utf8mb3 columns under sql_mode ''. */
export const bmpOnly = (s: string): string => s.replace(/[\u{10000}-\u{10FFFF}]/gu, '?')

/**
 * `convertIp` (upstream `\Migration\Handler\ConvertIp`): `rating_option_vote.remote_ip_long` (and
 * `sendfriend_log.ip`). Magento 2 stores PHP's `ip2long()` of the visitor's IPv4 address in a
 * BIGINT: 0..4294967295, and 0 for IPv6 or unknown addresses. Magento 1 stored either that same
 * integer (1.7: BIGINT; negative when written by 32-bit PHP) or, from 1.8/1.9, `inet_pton()` bytes
 * in a VARBINARY(16). Accepted: an integer (number, bigint or decimal string; negative 32-bit values
 * are made unsigned), a dotted IPv4 text, or 4 binary bytes. Anything else (IPv6, empty, NULL,
 * garbage) becomes 0, as upstream writes. Deviation: upstream turns 1.7's integers into 0 as well;
 * mig keeps them. No params.
 */
import type { SqlValue } from '../../db/sql-value.js'
import { reading, type FieldHandler } from './field-handler.js'
import { checkParams } from './handler-params.js'

const IPV4 =
  /^(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\.(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/

export function createConvertIpHandler(params: Readonly<Record<string, string>>): FieldHandler {
  checkParams('convertIp', params, [])
  return reading([], ({ value }) => convertIp(value))
}

/** The Magento 2 `remote_ip_long` value for a Magento 1 one. */
export function convertIp(value: SqlValue): number {
  if (value === null) return 0
  if (typeof value === 'number') return Number.isSafeInteger(value) ? fromLong(BigInt(value)) : 0
  if (typeof value === 'bigint') return fromLong(value)
  if (Buffer.isBuffer(value)) {
    const text = value.toString('latin1')
    if (IPV4.test(text)) return dotted(text)
    return value.length === 4 ? value.readUInt32BE(0) : 0
  }
  if (IPV4.test(value)) return dotted(value)
  if (/^-?[0-9]{1,20}$/.test(value)) return fromLong(BigInt(value))
  return 0
}

function dotted(text: string): number {
  return text.split('.').reduce((sum, part) => sum * 256 + Number(part), 0)
}

/** ip2long results: unsigned on 64-bit PHP, signed (negative above 127.255.255.255) on 32-bit PHP. */
function fromLong(value: bigint): number {
  if (value >= 0n && value <= 0xffffffffn) return Number(value)
  if (value >= -(2n ** 31n) && value < 0n) return Number(value + 2n ** 32n)
  return 0
}

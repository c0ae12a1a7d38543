/**
 * Values travel as the driver hands them over: strings for DATETIME, DECIMAL and BIGINT
 * (dateStrings / bigNumberStrings), Buffers for binary columns, numbers only for small integer
 * types and floats, so nothing is reformatted on its way from Magento 1 to Magento 2.
 */
export type SqlValue = string | number | bigint | Buffer | null

export type SqlRow = Record<string, SqlValue>

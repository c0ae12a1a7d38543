import { isAbsolute, relative } from 'node:path'
import type { SourceLocation } from '../interfaces/config.js'

/** `config.xml:12:5` for positioned formats, `.migrc.json: options.bulk_size` for the others. */
export function formatLocation(location: SourceLocation): string {
  if (location.line !== undefined) {
    return location.column === undefined
      ? `${location.file}:${location.line}`
      : `${location.file}:${location.line}:${location.column}`
  }
  return location.path === undefined || location.path === '' ? location.file : `${location.file}: ${location.path}`
}

/** The path as the merchant would type it: relative to the working folder when inside it. */
export function displayPath(absoluteFile: string, cwd: string): string {
  const fromCwd = relative(cwd, absoluteFile)
  return fromCwd !== '' && !fromCwd.startsWith('..') && !isAbsolute(fromCwd) ? fromCwd : absoluteFile
}

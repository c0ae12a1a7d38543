import type { Session } from '../db/database-client.js'

/** `mig:<source database>`, cut to the 64 characters GET_LOCK accepts. */
export function runLockName(sourceDatabase: string): string {
  return `mig:${sourceDatabase}`.slice(0, 64)
}

/** Takes the one-runner-per-source lock without waiting; false when another runner holds it. */
export async function tryAcquireRunLock(session: Session, name: string): Promise<boolean> {
  const [row] = await session.query<{ acquired: number | string | null }>('SELECT GET_LOCK(?, 0) AS acquired', [name])
  return Number(row?.acquired) === 1
}

/** Still ours? A lost connection silently releases a named lock. */
export async function holdsRunLock(session: Session, name: string): Promise<boolean> {
  const [row] = await session.query<{ mine: number | string | null }>('SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine', [name])
  return Number(row?.mine) === 1
}

export async function releaseRunLock(session: Session, name: string): Promise<void> {
  await session.query('SELECT RELEASE_LOCK(?)', [name])
}

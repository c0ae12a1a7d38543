import type { DatabaseClient, Session } from '../db/database-client.js'
import { MigError } from '../errors/mig-error.js'

/** `mig:<source database>`, cut to the 64 characters GET_LOCK accepts. */
export function runLockName(sourceDatabase: string): string {
  return `mig:${sourceDatabase}`.slice(0, 64)
}

/**
 * One runner per source database: a named lock held on its own connection for the whole run.
 * A lost connection silently drops the lock, so `ensure()` checks it before every cycle and
 * takes it again on a new connection — or stops the run when another runner got it meanwhile.
 */
export class RunLock {
  private session: (Session & { release(): Promise<void> }) | undefined

  constructor(
    private readonly client: DatabaseClient,
    readonly name: string,
  ) {}

  /** Takes the lock without waiting; false when another runner holds it. */
  async acquire(): Promise<boolean> {
    await this.drop()
    const session = await this.client.openSession()
    const [row] = await session.query<{ acquired: number | string | null }>('SELECT GET_LOCK(?, 0) AS acquired', [
      this.name,
    ])
    if (Number(row?.acquired) !== 1) {
      await session.release()
      return false
    }
    this.session = session
    return true
  }

  async ensure(): Promise<void> {
    if (this.session) {
      try {
        const [row] = await this.session.query<{ mine: number | string | null }>(
          'SELECT IS_USED_LOCK(?) = CONNECTION_ID() AS mine',
          [this.name],
        )
        if (Number(row?.mine) === 1) return
      } catch {
        // The connection is gone, and the lock with it: take it again below.
      }
    }
    if (!(await this.acquire()))
      throw new MigError(`lost the runner lock ${this.name} and another runner took it; stopping`)
  }

  async release(): Promise<void> {
    if (this.session) await this.session.query('SELECT RELEASE_LOCK(?)', [this.name]).catch(() => undefined)
    await this.drop()
  }

  private async drop(): Promise<void> {
    const session = this.session
    this.session = undefined
    await session?.release().catch(() => undefined)
  }
}

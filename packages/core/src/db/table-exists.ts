import type { DatabaseClient } from './database-client.js'

/** Whether `table` exists in the client's database (mig's own tables are created by the runs, not by every command). */
export async function tableExists(client: DatabaseClient, table: string): Promise<boolean> {
  const rows = await client.query(`SELECT 1 FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?`, [
    client.databaseName,
    table,
  ])
  return rows.length > 0
}

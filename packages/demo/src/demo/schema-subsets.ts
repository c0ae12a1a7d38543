import { loadSchemaSubset } from '../schema/load-schema.js'
import type { DemoDatabases } from './demo-databases.js'
import { connectServer, type DemoServer } from './server-connection.js'

/** mig's own Magento 1 and Magento 2 schema subsets (with the stores, EAV metadata and products they need), loaded side by side. */
export async function loadSubsets(server: DemoServer, databases: DemoDatabases): Promise<void> {
  const load = async (database: string, side: 'magento1' | 'magento2'): Promise<void> => {
    const connection = await connectServer(server, database)
    try {
      await loadSchemaSubset(connection, side)
    } finally {
      await connection.end()
    }
  }
  await Promise.all([load(databases.magento1, 'magento1'), load(databases.magento2, 'magento2')])
}

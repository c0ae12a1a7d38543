import path from 'node:path'
import { DatabaseClient } from '../db/database-client.js'
import { assertDifferentDatabases } from '../db/same-database.js'
import { readDatabaseSchema } from '../db/schema-reader.js'
import type { TableSchema } from '../db/table-schema.js'
import { UsageError } from '../errors/mig-error.js'
import type { MigrationConfig } from '../interfaces/config.js'
import type { MapRules } from '../interfaces/map.js'
import type { Logger } from '../log/logger.js'
import { createDefaultHandlerRegistry } from '../map/handlers/index.js'
import { readMapXml } from '../map/map-xml-reader.js'
import { emptyMapRules, mergeMapRules } from '../map/map-rules-merge.js'
import type { PluginManifest } from '../plugins/plugin-manifest.js'
import { loadPluginSteps, type ContributedStep } from '../plugins/step-loader.js'
import { loadConfigSteps } from '../plugins/config-step-loader.js'
import { collectTrackedTables } from '../plugins/tracked-tables-from-plugins.js'
import { withDeclaredParents } from '../delta/table-order.js'
import { MapDelta } from '../steps/map-delta.js'
import { CascadeRules } from '../cascade/cascade-rules.js'
import { describeEdge } from '../cascade/cascade-edge.js'
import { planCascadeEdges } from '../cascade/plan-cascade-edges.js'
import type { DeltaEnvironment, DeltaStep } from '../steps/delta-step.js'

/** Everything a run needs, resolved once: connections, live schemas, rules, steps and who owns which table. */
export interface RunContext {
  readonly environment: DeltaEnvironment
  /** Unprefixed table → the step that applies it. */
  readonly owners: ReadonlyMap<string, DeltaStep>
  readonly steps: readonly DeltaStep[]
  close(): Promise<void>
}

export async function openRunContext(
  config: MigrationConfig,
  plugins: readonly PluginManifest[],
  log: Logger,
): Promise<RunContext> {
  const tracked = collectTrackedTables(plugins, config)
  const rules = await readRules(plugins, config)
  const fromPlugins = await loadPluginSteps(plugins)
  const fromConfig = await loadConfigSteps(config, plugins, log)
  // A class both exported by a loaded plugin and named in config.xml is one step, not two.
  const contributed = [
    ...fromPlugins,
    ...fromConfig.filter((item) => !fromPlugins.some((known) => known.origin === item.origin)),
  ]
  const source = await DatabaseClient.connect({
    role: 'source',
    database: config.source,
    initStatements: config.options.initStatementsSource,
  })
  let destination: DatabaseClient | undefined
  try {
    destination = await DatabaseClient.connect({
      role: 'destination',
      database: config.destination,
      initStatements: config.options.initStatementsDestination,
    })
    await assertDifferentDatabases(source, destination)
    const [sourceSchema, destinationSchema] = await Promise.all([
      readDatabaseSchema(source),
      readDatabaseSchema(destination),
    ])
    const handlers = createDefaultHandlerRegistry()
    const environment: DeltaEnvironment = {
      config,
      source,
      destination,
      sourceSchema,
      destinationSchema,
      rules,
      handlers,
      tracked,
      log,
    }
    const { owners, steps } = assignOwners(contributed, environment, sourceSchema)
    const opened = destination
    return {
      environment,
      owners,
      steps,
      async close() {
        await Promise.allSettled([source.close(), opened.close()])
      },
    }
  } catch (error) {
    await Promise.allSettled([source.close(), destination?.close()])
    throw error
  }
}

async function readRules(plugins: readonly PluginManifest[], config: MigrationConfig): Promise<MapRules> {
  const rules: MapRules[] = []
  for (const plugin of plugins) {
    if (plugin.mig?.map) rules.push(await readMapXml(path.resolve(plugin.root, plugin.mig.map), plugin.name))
  }
  if (config.options.mapFile) rules.push(await readMapXml(config.options.mapFile))
  return rules.length > 0 ? mergeMapRules(rules) : emptyMapRules()
}

/**
 * Each tracked table is applied by exactly one step: the plugin step that names it, or else the
 * map-driven default. Two steps naming one table is an error naming both.
 */
function assignOwners(
  contributed: readonly ContributedStep[],
  environment: DeltaEnvironment,
  sourceSchema: ReadonlyMap<string, TableSchema>,
): { owners: Map<string, DeltaStep>; steps: DeltaStep[] } {
  const owners = new Map<string, DeltaStep>()
  const origins = new Map<string, string>()
  const trackedNames = new Set(environment.tracked.map((table) => table.table))
  for (const { step, origin } of contributed) {
    for (const table of step.tables(environment)) {
      if (!trackedNames.has(table)) continue
      const previous = origins.get(table)
      if (previous)
        throw new UsageError(
          `table ${table} is applied by two delta steps: ${previous} and ${origin}; uninstall one of the plugins`,
        )
      owners.set(table, step)
      origins.set(table, origin)
    }
  }
  const unclaimed = environment.tracked
    .map((table) => table.table)
    .filter((table) => !owners.has(table) && sourceSchema.has(`${environment.config.options.sourcePrefix}${table}`))
  const steps = [...new Set(owners.values())]
  if (unclaimed.length > 0) {
    const fallback = new MapDelta('Map delta', unclaimed)
    for (const table of unclaimed) owners.set(table, fallback)
    steps.push(fallback)
  }
  return { owners, steps }
}

/**
 * Magento 1's cascades between the tables a run applies (unprefixed names), kept in Magento 2 by
 * every path; with `log`, a cascade Magento 2 keeps no reference for is named once.
 */
export function planCascades(context: RunContext, applied: Iterable<string>, log?: Logger): CascadeRules {
  const { environment } = context
  const steps = new Map<string, DeltaStep>()
  for (const table of applied) {
    const step = context.owners.get(table)
    if (step) steps.set(table, step)
  }
  const plan = planCascadeEdges(environment, steps)
  for (const line of plan.unresolved) log?.warn(line)
  const rules = new CascadeRules(plan.edges, {
    client: environment.source,
    prefix: environment.config.options.sourcePrefix,
  })
  for (const edge of rules.emulated()) {
    log?.debug(
      `${describeEdge(edge)}: ${edge.magento2Rule === undefined ? 'Magento 2 has no foreign key for it' : `Magento 2's key says ${edge.magento2Rule}`}; mig does it before the parent's delete`,
    )
  }
  return rules
}

/** Magento 2's foreign keys plus the write-order parents the prepared steps declare and the guarded cascades imply. */
export function writeOrderSchema(context: RunContext, cascades: CascadeRules): ReadonlyMap<string, TableSchema> {
  const declared = [...context.steps.flatMap((step) => step.declaredParents?.() ?? []), ...cascades.declaredParents()]
  return withDeclaredParents(context.environment.destinationSchema, declared)
}

export {
  GRID_DEFINITIONS,
  GRID_KINDS,
  type GridDefinition,
  type GridExpression,
  type GridKind,
  type TableAlias,
} from './grid-definitions.js'
export {
  deleteStatement,
  planGrid,
  upsertRangeStatement,
  upsertStatement,
  type GridOptions,
  type GridPlan,
  type SqlStatement,
} from './grid-statements.js'
export { FULL_REBUILD_RANGE, rebuildAllGrids } from './rebuild-all-grids.js'
export { GRID_CHUNK_SIZE, gridStatements, rebuildGrids, type GridIds } from './rebuild-grids.js'

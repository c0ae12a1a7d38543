export { GRID_DEFINITIONS, GRID_KINDS, type GridDefinition, type GridExpression, type GridKind, type TableAlias } from './grid-definitions.js'
export {
  deleteStatement,
  planGrid,
  upsertStatement,
  type GridOptions,
  type GridPlan,
  type SqlStatement,
} from './grid-statements.js'
export { GRID_CHUNK_SIZE, gridStatements, rebuildGrids, type GridIds } from './rebuild-grids.js'

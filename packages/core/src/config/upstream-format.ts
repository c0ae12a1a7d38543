import type { MigrationMode } from '../interfaces/config.js'

/** The vocabulary of the upstream Data Migration Tool's config.xml, shared by the XML and cosmiconfig readers. */

export const MIGRATION_MODES: readonly MigrationMode[] = ['settings', 'data', 'delta']

/** Elements allowed inside `<step>`, each naming a class (or a mig plugin export) for one stage. */
export const STEP_STAGES: readonly string[] = ['integrity', 'data', 'delta', 'volume']

/** Attributes of `<database>` that mig uses. */
export const DATABASE_FIELDS: readonly string[] = ['host', 'port', 'name', 'user', 'password']

/** Upstream `<database>` attributes mig does not support; accepted with a warning so nobody assumes TLS is on. */
export const UNSUPPORTED_DATABASE_FIELDS: readonly string[] = ['ssl_ca', 'ssl_cert', 'ssl_key']

/** Options mig reads. Those marked `file` are resolved against the config file's folder. */
export const MIG_OPTIONS: Readonly<Record<string, 'file' | 'text'>> = {
  source_prefix: 'text',
  dest_prefix: 'text',
  bulk_size: 'text',
  source_formatted_copy: 'text',
  defer_indexes: 'text',
  map_file: 'file',
  delta_document_groups_file: 'file',
  log_file: 'file',
  crypt_key: 'text',
  init_statements_source: 'text',
  init_statements_destination: 'text',
}

/**
 * Options of upstream config.xml.dist files (opensource and commerce editions) that mig does not use.
 * They are accepted silently and kept in `options.raw`, so an upstream config keeps working.
 */
export const UPSTREAM_ONLY_OPTIONS: ReadonlySet<string> = new Set([
  'eav_map_file',
  'eav_document_groups_file',
  'eav_attribute_groups_file',
  'log_map_file',
  'log_document_groups_file',
  'settings_map_file',
  'customer_map_file',
  'customer_document_groups_file',
  'customer_attribute_groups_file',
  'customer_attr_map_file',
  'customer_attr_document_groups_file',
  'sales_order_map_file',
  'delta_log_map_file',
  'order_grids_document_groups_file',
  'map_document_groups',
  'class_map',
  'tier_price_map_file',
  'stores_map_file',
  'visual_merchandiser_map',
  'visual_merchandiser_document_groups',
  'visual_merchandiser_attribute_groups',
  'direct_document_copy',
  'auto_resolve_urlrewrite_duplicates',
  'progress_bar_format',
  'upgrade_customer_password_hash',
  'edition_migrate',
  'edition_number',
  'resource_adapter_class_name',
])

export function isMigrationMode(value: string): value is MigrationMode {
  return (MIGRATION_MODES as readonly string[]).includes(value)
}

import { readFileSync } from 'node:fs'
import type { Connection } from 'mysql2/promise'
import { connectTestDatabase } from './test-database.js'

/**
 * The store tables every Magento has, as Magento 1.7 and 2.4 create them, with the admin and default
 * store. \`mig data run\` aligns websites, store groups and store views before it copies anything, so
 * a plugin's test database needs them beside the extension's own tables.
 */
export const STORE_TABLES_SQL = {
  magento1: `CREATE TABLE \`core_website\` (
  \`website_id\` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Website Id',
  \`code\` varchar(32) DEFAULT NULL COMMENT 'Code',
  \`name\` varchar(64) DEFAULT NULL COMMENT 'Website Name',
  \`sort_order\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Sort Order',
  \`default_group_id\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Default Group Id',
  \`is_default\` smallint(5) unsigned DEFAULT '0' COMMENT 'Defines Is Website Default',
  PRIMARY KEY (\`website_id\`),
  UNIQUE KEY \`UNQ_CORE_WEBSITE_CODE\` (\`code\`),
  KEY \`IDX_CORE_WEBSITE_SORT_ORDER\` (\`sort_order\`),
  KEY \`IDX_CORE_WEBSITE_DEFAULT_GROUP_ID\` (\`default_group_id\`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8 COMMENT='Websites';

INSERT INTO \`core_website\` VALUES
(0,'admin','Admin',0,0,0),
(1,'base','Main Website',0,1,1);

CREATE TABLE \`core_store_group\` (
  \`group_id\` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Group Id',
  \`website_id\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Website Id',
  \`name\` varchar(255) NOT NULL COMMENT 'Store Group Name',
  \`root_category_id\` int(10) unsigned NOT NULL DEFAULT '0' COMMENT 'Root Category Id',
  \`default_store_id\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Default Store Id',
  PRIMARY KEY (\`group_id\`),
  KEY \`IDX_CORE_STORE_GROUP_WEBSITE_ID\` (\`website_id\`),
  KEY \`IDX_CORE_STORE_GROUP_DEFAULT_STORE_ID\` (\`default_store_id\`),
  CONSTRAINT \`FK_CORE_STORE_GROUP_WEBSITE_ID_CORE_WEBSITE_WEBSITE_ID\` FOREIGN KEY (\`website_id\`) REFERENCES \`core_website\` (\`website_id\`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8 COMMENT='Store Groups';

INSERT INTO \`core_store_group\` VALUES
(0,0,'Default',0,0),
(1,1,'Main Website Store',2,1);

CREATE TABLE \`core_store\` (
  \`store_id\` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Store Id',
  \`code\` varchar(32) DEFAULT NULL COMMENT 'Code',
  \`website_id\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Website Id',
  \`group_id\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Group Id',
  \`name\` varchar(255) NOT NULL COMMENT 'Store Name',
  \`sort_order\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Store Sort Order',
  \`is_active\` smallint(5) unsigned NOT NULL DEFAULT '0' COMMENT 'Store Activity',
  PRIMARY KEY (\`store_id\`),
  UNIQUE KEY \`UNQ_CORE_STORE_CODE\` (\`code\`),
  KEY \`IDX_CORE_STORE_WEBSITE_ID\` (\`website_id\`),
  KEY \`IDX_CORE_STORE_IS_ACTIVE_SORT_ORDER\` (\`is_active\`,\`sort_order\`),
  KEY \`IDX_CORE_STORE_GROUP_ID\` (\`group_id\`),
  CONSTRAINT \`FK_CORE_STORE_GROUP_ID_CORE_STORE_GROUP_GROUP_ID\` FOREIGN KEY (\`group_id\`) REFERENCES \`core_store_group\` (\`group_id\`) ON DELETE CASCADE ON UPDATE CASCADE,
  CONSTRAINT \`FK_CORE_STORE_WEBSITE_ID_CORE_WEBSITE_WEBSITE_ID\` FOREIGN KEY (\`website_id\`) REFERENCES \`core_website\` (\`website_id\`) ON DELETE CASCADE ON UPDATE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8 COMMENT='Stores';

INSERT INTO \`core_store\` VALUES
(0,'admin',0,0,'Admin',0,1),
(1,'default',1,1,'Default Store View',0,1);`,
  magento2: `CREATE TABLE \`store_website\` (
  \`website_id\` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Website ID',
  \`code\` varchar(32) DEFAULT NULL COMMENT 'Code',
  \`name\` varchar(64) DEFAULT NULL COMMENT 'Website Name',
  \`sort_order\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Sort Order',
  \`default_group_id\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Default Group ID',
  \`is_default\` smallint(5) unsigned DEFAULT 0 COMMENT 'Defines Is Website Default',
  PRIMARY KEY (\`website_id\`),
  UNIQUE KEY \`STORE_WEBSITE_CODE\` (\`code\`),
  KEY \`STORE_WEBSITE_SORT_ORDER\` (\`sort_order\`),
  KEY \`STORE_WEBSITE_DEFAULT_GROUP_ID\` (\`default_group_id\`)
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Websites';

INSERT INTO \`store_website\` VALUES
(0,'admin','Admin',0,0,0),
(1,'base','Main Website',0,1,1);

CREATE TABLE \`store_group\` (
  \`group_id\` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Group ID',
  \`website_id\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Website ID',
  \`name\` varchar(255) NOT NULL COMMENT 'Store Group Name',
  \`root_category_id\` int(10) unsigned NOT NULL DEFAULT 0 COMMENT 'Root Category ID',
  \`default_store_id\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Default Store ID',
  \`code\` varchar(32) DEFAULT NULL COMMENT 'Store group unique code',
  PRIMARY KEY (\`group_id\`),
  UNIQUE KEY \`STORE_GROUP_CODE\` (\`code\`),
  KEY \`STORE_GROUP_WEBSITE_ID\` (\`website_id\`),
  KEY \`STORE_GROUP_DEFAULT_STORE_ID\` (\`default_store_id\`),
  CONSTRAINT \`STORE_GROUP_WEBSITE_ID_STORE_WEBSITE_WEBSITE_ID\` FOREIGN KEY (\`website_id\`) REFERENCES \`store_website\` (\`website_id\`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Store Groups';

INSERT INTO \`store_group\` VALUES
(0,0,'Default',0,0,'default'),
(1,1,'Main Website Store',2,1,'main_website_store');

CREATE TABLE \`store\` (
  \`store_id\` smallint(5) unsigned NOT NULL AUTO_INCREMENT COMMENT 'Store ID',
  \`code\` varchar(32) DEFAULT NULL COMMENT 'Code',
  \`website_id\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Website ID',
  \`group_id\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Group ID',
  \`name\` varchar(255) NOT NULL COMMENT 'Store Name',
  \`sort_order\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Store Sort Order',
  \`is_active\` smallint(5) unsigned NOT NULL DEFAULT 0 COMMENT 'Store Activity',
  PRIMARY KEY (\`store_id\`),
  UNIQUE KEY \`STORE_CODE\` (\`code\`),
  KEY \`STORE_WEBSITE_ID\` (\`website_id\`),
  KEY \`STORE_IS_ACTIVE_SORT_ORDER\` (\`is_active\`,\`sort_order\`),
  KEY \`STORE_GROUP_ID\` (\`group_id\`),
  CONSTRAINT \`STORE_GROUP_ID_STORE_GROUP_GROUP_ID\` FOREIGN KEY (\`group_id\`) REFERENCES \`store_group\` (\`group_id\`) ON DELETE CASCADE,
  CONSTRAINT \`STORE_WEBSITE_ID_STORE_WEBSITE_WEBSITE_ID\` FOREIGN KEY (\`website_id\`) REFERENCES \`store_website\` (\`website_id\`) ON DELETE CASCADE
) ENGINE=InnoDB AUTO_INCREMENT=2 DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_general_ci COMMENT='Stores';

INSERT INTO \`store\` VALUES
(0,'admin',0,0,'Admin',0,1),
(1,'default',1,1,'Default Store View',0,1);`,
} as const

/**
 * Creates a Magento's tables in a database: the store tables, then each SQL file given (the
 * extension's own tables, e.g. sql/magento1.sql).
 */
export async function loadMagentoTables(
  database: string,
  magento: 'magento1' | 'magento2',
  sqlFiles: readonly string[] = [],
): Promise<void> {
  const loader: Connection = await connectTestDatabase(database, { multipleStatements: true })
  try {
    // Store and website 0 are the admin's: their ids must stay 0.
    await loader.query("SET SESSION sql_mode = CONCAT(@@sql_mode, ',NO_AUTO_VALUE_ON_ZERO')")
    await loader.query(STORE_TABLES_SQL[magento])
    for (const file of sqlFiles) await loader.query(readFileSync(file, 'utf8'))
  } finally {
    await loader.end()
  }
}

-- Magento 1 tables of the brand extension (as its install script creates them).
-- brand.logo is relative to media/brand/; an empty url_key means "derive it from the name".

CREATE TABLE `brand` (
  `brand_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(255) NOT NULL,
  `url_key` VARCHAR(255) NULL,
  `description` TEXT NULL,
  `logo` VARCHAR(255) NULL,
  `is_active` TINYINT NOT NULL DEFAULT 1,
  `sort_order` INT NULL,
  `created_at` DATETIME NULL,
  `updated_at` DATETIME NULL,
  PRIMARY KEY (`brand_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `brand_store` (
  `brand_id` INT UNSIGNED NOT NULL,
  `store_id` SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (`brand_id`, `store_id`),
  KEY `IDX_BRAND_STORE_STORE_ID` (`store_id`),
  CONSTRAINT `FK_BRAND_STORE_BRAND_ID_BRAND_BRAND_ID` FOREIGN KEY (`brand_id`) REFERENCES `brand` (`brand_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

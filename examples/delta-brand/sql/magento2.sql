-- Magento 2 tables of the brand extension (as its db_schema.xml declares them).
-- One Magento 1 brand row becomes a vendor_brand row (what lists and filters read) and a
-- vendor_brand_content row (the brand page: url key, description, logo under media/brand/),
-- whose own key content_id Magento 2 assigns.

CREATE TABLE `vendor_brand` (
  `brand_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `name` VARCHAR(255) NOT NULL,
  `is_active` SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  `sort_order` INT NULL,
  `created_at` DATETIME NULL,
  `updated_at` DATETIME NULL,
  PRIMARY KEY (`brand_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `vendor_brand_content` (
  `content_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `brand_id` INT UNSIGNED NOT NULL,
  `url_key` VARCHAR(255) NOT NULL,
  `description` MEDIUMTEXT NULL,
  `logo_path` VARCHAR(255) NULL,
  PRIMARY KEY (`content_id`),
  UNIQUE KEY `VENDOR_BRAND_CONTENT_BRAND_ID` (`brand_id`),
  KEY `VENDOR_BRAND_CONTENT_URL_KEY` (`url_key`),
  CONSTRAINT `VENDOR_BRAND_CONTENT_BRAND_ID_VENDOR_BRAND_BRAND_ID` FOREIGN KEY (`brand_id`) REFERENCES `vendor_brand` (`brand_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `vendor_brand_store` (
  `brand_id` INT UNSIGNED NOT NULL,
  `store_id` SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (`brand_id`, `store_id`),
  KEY `VENDOR_BRAND_STORE_STORE_ID` (`store_id`),
  CONSTRAINT `VENDOR_BRAND_STORE_BRAND_ID_VENDOR_BRAND_BRAND_ID` FOREIGN KEY (`brand_id`) REFERENCES `vendor_brand` (`brand_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

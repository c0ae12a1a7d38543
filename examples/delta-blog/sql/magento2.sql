-- Magento 2 tables of the blog extension (as its db_schema.xml declares them).
-- Renamed tables, `content` became `post_content`, `meta_data` holds JSON, and `views_count`
-- is new in Magento 2 (left to its default by the migration).

CREATE TABLE `mageplaza_blog_post` (
  `post_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `title` VARCHAR(255) NOT NULL,
  `post_content` MEDIUMTEXT NULL,
  `status` SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  `created_at` DATETIME NULL,
  `updated_at` DATETIME NULL,
  `meta_data` TEXT NULL COMMENT 'JSON',
  `author_name` VARCHAR(255) NULL,
  `views_count` INT UNSIGNED NOT NULL DEFAULT 0,
  PRIMARY KEY (`post_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `mageplaza_blog_post_store` (
  `post_id` INT UNSIGNED NOT NULL,
  `store_id` SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (`post_id`, `store_id`),
  KEY `MAGEPLAZA_BLOG_POST_STORE_STORE_ID` (`store_id`),
  CONSTRAINT `MAGEPLAZA_BLOG_POST_STORE_POST_ID_MAGEPLAZA_BLOG_POST_POST_ID` FOREIGN KEY (`post_id`) REFERENCES `mageplaza_blog_post` (`post_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `mageplaza_blog_comment` (
  `comment_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `post_id` INT UNSIGNED NOT NULL,
  `author` VARCHAR(255) NOT NULL,
  `body` TEXT NOT NULL,
  `status` SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  `created_at` DATETIME NULL,
  PRIMARY KEY (`comment_id`),
  KEY `MAGEPLAZA_BLOG_COMMENT_POST_ID` (`post_id`),
  CONSTRAINT `MAGEPLAZA_BLOG_COMMENT_POST_ID_MAGEPLAZA_BLOG_POST_POST_ID` FOREIGN KEY (`post_id`) REFERENCES `mageplaza_blog_post` (`post_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

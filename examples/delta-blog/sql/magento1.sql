-- Magento 1 tables of the blog extension (as its install script creates them).
-- blog_post.meta_data holds PHP serialize() output.

CREATE TABLE `blog_post` (
  `post_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `title` VARCHAR(255) NOT NULL,
  `content` TEXT NULL,
  `status` SMALLINT UNSIGNED NOT NULL DEFAULT 1,
  `created_at` DATETIME NULL,
  `updated_at` DATETIME NULL,
  `meta_data` TEXT NULL COMMENT 'PHP serialize()',
  `author_name` VARCHAR(255) NULL,
  PRIMARY KEY (`post_id`)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `blog_post_store` (
  `post_id` INT UNSIGNED NOT NULL,
  `store_id` SMALLINT UNSIGNED NOT NULL,
  PRIMARY KEY (`post_id`, `store_id`),
  KEY `IDX_BLOG_POST_STORE_STORE_ID` (`store_id`),
  CONSTRAINT `FK_BLOG_POST_STORE_POST_ID` FOREIGN KEY (`post_id`) REFERENCES `blog_post` (`post_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

CREATE TABLE `blog_comment` (
  `comment_id` INT UNSIGNED NOT NULL AUTO_INCREMENT,
  `post_id` INT UNSIGNED NOT NULL,
  `author` VARCHAR(255) NOT NULL,
  `body` TEXT NOT NULL,
  `status` SMALLINT UNSIGNED NOT NULL DEFAULT 0,
  `created_at` DATETIME NULL,
  PRIMARY KEY (`comment_id`),
  KEY `IDX_BLOG_COMMENT_POST_ID` (`post_id`),
  CONSTRAINT `FK_BLOG_COMMENT_POST_ID` FOREIGN KEY (`post_id`) REFERENCES `blog_post` (`post_id`) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

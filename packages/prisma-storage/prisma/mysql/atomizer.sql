-- Atomizer's tables for MySQL 8 / MariaDB 10.6+: the DDL of prisma/mysql/atomizer.prisma.
--
-- How this file was produced: written by hand, statement for statement in the form that
-- `prisma migrate diff --from-empty --to-schema <folder with atomizer.prisma> --script`
-- (Prisma 7.10.0) prints for MySQL. It could not be generated on the machine it was written
-- on: Prisma's native schema engine cannot be downloaded there and the offline WebAssembly
-- engine has no MySQL support (docs/prisma-offline.md). Two checks hold it to the model:
-- test/mysql/mysql-ddl.int.test.ts applies it to an empty database and drives every model
-- through a client generated from atomizer.prisma, and the hosted CI's mysql job diffs the
-- applied tables against atomizer.prisma with the real engine and fails on any difference.

-- CreateTable
CREATE TABLE `atomizer_jobs` (
    `id` VARCHAR(36) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `queue` VARCHAR(100) NOT NULL,
    `payload` LONGTEXT NOT NULL,
    `status` VARCHAR(16) NOT NULL,
    `run_at` DATETIME(3) NOT NULL,
    `available_at` DATETIME(3) NULL,
    `attempts` INTEGER NOT NULL,
    `max_attempts` INTEGER NOT NULL,
    `idempotency_key` VARCHAR(255) NULL,
    `schedule_key` VARCHAR(255) NULL,
    `lease_token` VARCHAR(320) NULL,
    `lease_owner` VARCHAR(255) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NOT NULL,
    `completed_at` DATETIME(3) NULL,
    `failed_at` DATETIME(3) NULL,

    UNIQUE INDEX `atomizer_jobs_idempotency_key_key`(`idempotency_key`),
    INDEX `atomizer_jobs_queue_available_at_idx`(`queue`, `available_at`),
    INDEX `atomizer_jobs_lease_token_idx`(`lease_token`),
    INDEX `atomizer_jobs_lease_owner_idx`(`lease_owner`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `atomizer_job_errors` (
    `id` BIGINT NOT NULL AUTO_INCREMENT,
    `job_id` VARCHAR(36) NOT NULL,
    `attempt` INTEGER NOT NULL,
    `error_type` VARCHAR(255) NOT NULL,
    `message` MEDIUMTEXT NOT NULL,
    `stack` MEDIUMTEXT NULL,
    `server_id` VARCHAR(255) NULL,
    `occurred_at` DATETIME(3) NOT NULL,

    INDEX `atomizer_job_errors_job_id_idx`(`job_id`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `atomizer_servers` (
    `server_id` VARCHAR(255) NOT NULL,
    `instance_id` VARCHAR(255) NOT NULL,
    `host` VARCHAR(255) NOT NULL,
    `pid` INTEGER NOT NULL,
    `started_at` DATETIME(3) NOT NULL,
    `last_heartbeat_at` DATETIME(3) NOT NULL,
    `queues` TEXT NOT NULL,

    PRIMARY KEY (`server_id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `atomizer_schedules` (
    `key` VARCHAR(200) NOT NULL,
    `name` VARCHAR(100) NOT NULL,
    `queue` VARCHAR(100) NOT NULL,
    `payload` LONGTEXT NOT NULL,
    `cron` VARCHAR(255) NOT NULL,
    `time_zone` VARCHAR(64) NOT NULL,
    `misfire_policy` VARCHAR(16) NOT NULL,
    `max_catch_up` INTEGER NOT NULL,
    `max_attempts` INTEGER NOT NULL,
    `enabled` BOOLEAN NOT NULL,
    `next_run_at` DATETIME(3) NULL,
    `last_enqueued_at` DATETIME(3) NULL,
    `lease_token` VARCHAR(320) NULL,
    `lease_owner` VARCHAR(255) NULL,
    `lease_expires_at` DATETIME(3) NULL,
    `created_at` DATETIME(3) NOT NULL,
    `updated_at` DATETIME(3) NOT NULL,

    INDEX `atomizer_schedules_enabled_next_run_at_idx`(`enabled`, `next_run_at`, `key`),
    INDEX `atomizer_schedules_lease_owner_idx`(`lease_owner`),
    PRIMARY KEY (`key`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `atomizer_job_errors` ADD CONSTRAINT `atomizer_job_errors_job_id_fkey` FOREIGN KEY (`job_id`) REFERENCES `atomizer_jobs`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

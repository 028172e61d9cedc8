-- Hand-written migration
-- How it was produced: by samples/products-api/scripts/compose-offline-migrations.mjs, because
-- the machine it was made on has no native Prisma schema engine and the offline bridge serves
-- only PostgreSQL and SQLite. It is the form `prisma migrate diff --from-empty --to-schema
-- prisma/mysql --script` (Prisma 7.10.0) prints: Atomizer's statements verbatim from
-- @atomizer/prisma-storage's prisma/mysql/atomizer.sql (checked against the real engine by the
-- package's hosted CI), the products tables written by hand by the same rules (String is
-- VARCHAR(191), now() is CURRENT_TIMESTAMP(3), indexes inline, foreign keys last).
-- How it is verified: the [mysql] test of this sample applies it to an empty MariaDB 10.11
-- database and drives every model through the client generated from prisma/mysql; where no
-- engine runs, `scripts/migrations.sh --check` checks that it holds every statement of the
-- shipped atomizer.sql; wherever the native engine runs, it compares everything after this
-- header with the engine's output, and `scripts/migrations.sh Initial` replaces this file.

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

-- CreateTable
CREATE TABLE `products` (
    `id` VARCHAR(191) NOT NULL,
    `name` VARCHAR(191) NOT NULL,
    `stock` INTEGER NOT NULL DEFAULT 0,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),
    `updatedAt` DATETIME(3) NOT NULL,
    `archivedAt` DATETIME(3) NULL,

    INDEX `products_archivedAt_idx`(`archivedAt`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- CreateTable
CREATE TABLE `stock_movements` (
    `id` VARCHAR(191) NOT NULL,
    `productId` VARCHAR(191) NOT NULL,
    `jobId` VARCHAR(191) NOT NULL,
    `quantity` INTEGER NOT NULL,
    `createdAt` DATETIME(3) NOT NULL DEFAULT CURRENT_TIMESTAMP(3),

    UNIQUE INDEX `stock_movements_jobId_key`(`jobId`),
    INDEX `stock_movements_productId_idx`(`productId`),
    PRIMARY KEY (`id`)
) DEFAULT CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci;

-- AddForeignKey
ALTER TABLE `atomizer_job_errors` ADD CONSTRAINT `atomizer_job_errors_job_id_fkey` FOREIGN KEY (`job_id`) REFERENCES `atomizer_jobs`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE `stock_movements` ADD CONSTRAINT `stock_movements_productId_fkey` FOREIGN KEY (`productId`) REFERENCES `products`(`id`) ON DELETE CASCADE ON UPDATE CASCADE;


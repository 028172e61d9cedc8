-- Hand-written migration
-- How it was produced: by samples/products-api/scripts/compose-offline-migrations.mjs, because
-- the machine it was made on has no native Prisma schema engine, the offline bridge serves only
-- PostgreSQL and SQLite, and no SQL Server runs there. It is the form `prisma migrate diff
-- --from-empty --to-schema prisma/sqlserver --script` (Prisma 7.10.0, previewFeatures =
-- ["partialIndexes"]) prints: Atomizer's statements verbatim from @atomizer/prisma-storage's
-- prisma/sqlserver/atomizer.sql (checked against the real engine by the package's hosted CI),
-- the products tables written by hand by the same rules (String is NVARCHAR(1000), defaults are
-- named constraints, unique constraints inline, indexes and foreign keys after the tables).
-- How it is verified: NOT YET on a SQL Server. The [sqlserver] test of this sample applies it
-- wherever ATOMIZER_TEST_SQLSERVER_URL names one; where no engine runs,
-- `scripts/migrations.sh --check` checks that it holds every statement of the shipped
-- atomizer.sql; wherever the native engine runs, it compares everything after this header with
-- the engine's output, and `scripts/migrations.sh Initial` replaces this file.

BEGIN TRY

BEGIN TRAN;

-- CreateTable
CREATE TABLE [dbo].[atomizer_jobs] (
    [id] VARCHAR(36) NOT NULL,
    [name] NVARCHAR(100) NOT NULL,
    [queue] NVARCHAR(100) NOT NULL,
    [payload] NVARCHAR(max) NOT NULL,
    [status] VARCHAR(16) NOT NULL,
    [run_at] DATETIME2 NOT NULL,
    [available_at] DATETIME2,
    [attempts] INT NOT NULL,
    [max_attempts] INT NOT NULL,
    [idempotency_key] NVARCHAR(255),
    [schedule_key] NVARCHAR(255),
    [lease_token] NVARCHAR(320),
    [lease_owner] NVARCHAR(255),
    [created_at] DATETIME2 NOT NULL,
    [updated_at] DATETIME2 NOT NULL,
    [completed_at] DATETIME2,
    [failed_at] DATETIME2,
    CONSTRAINT [atomizer_jobs_pkey] PRIMARY KEY CLUSTERED ([id])
);

-- CreateTable
CREATE TABLE [dbo].[atomizer_job_errors] (
    [id] BIGINT NOT NULL IDENTITY(1,1),
    [job_id] VARCHAR(36) NOT NULL,
    [attempt] INT NOT NULL,
    [error_type] NVARCHAR(255) NOT NULL,
    [message] NVARCHAR(max) NOT NULL,
    [stack] NVARCHAR(max),
    [server_id] NVARCHAR(255),
    [occurred_at] DATETIME2 NOT NULL,
    CONSTRAINT [atomizer_job_errors_pkey] PRIMARY KEY CLUSTERED ([id])
);

-- CreateTable
CREATE TABLE [dbo].[atomizer_servers] (
    [server_id] NVARCHAR(255) NOT NULL,
    [instance_id] NVARCHAR(255) NOT NULL,
    [host] NVARCHAR(255) NOT NULL,
    [pid] INT NOT NULL,
    [started_at] DATETIME2 NOT NULL,
    [last_heartbeat_at] DATETIME2 NOT NULL,
    [queues] NVARCHAR(max) NOT NULL,
    CONSTRAINT [atomizer_servers_pkey] PRIMARY KEY CLUSTERED ([server_id])
);

-- CreateTable
CREATE TABLE [dbo].[atomizer_schedules] (
    [key] NVARCHAR(200) NOT NULL,
    [name] NVARCHAR(100) NOT NULL,
    [queue] NVARCHAR(100) NOT NULL,
    [payload] NVARCHAR(max) NOT NULL,
    [cron] VARCHAR(255) NOT NULL,
    [time_zone] VARCHAR(64) NOT NULL,
    [misfire_policy] VARCHAR(16) NOT NULL,
    [max_catch_up] INT NOT NULL,
    [max_attempts] INT NOT NULL,
    [enabled] BIT NOT NULL,
    [next_run_at] DATETIME2,
    [last_enqueued_at] DATETIME2,
    [lease_token] NVARCHAR(320),
    [lease_owner] NVARCHAR(255),
    [lease_expires_at] DATETIME2,
    [created_at] DATETIME2 NOT NULL,
    [updated_at] DATETIME2 NOT NULL,
    CONSTRAINT [atomizer_schedules_pkey] PRIMARY KEY CLUSTERED ([key])
);

-- CreateTable
CREATE TABLE [dbo].[products] (
    [id] NVARCHAR(1000) NOT NULL,
    [name] NVARCHAR(1000) NOT NULL,
    [stock] INT NOT NULL CONSTRAINT [products_stock_df] DEFAULT 0,
    [createdAt] DATETIME2 NOT NULL CONSTRAINT [products_createdAt_df] DEFAULT CURRENT_TIMESTAMP,
    [updatedAt] DATETIME2 NOT NULL,
    [archivedAt] DATETIME2,
    CONSTRAINT [products_pkey] PRIMARY KEY CLUSTERED ([id])
);

-- CreateTable
CREATE TABLE [dbo].[stock_movements] (
    [id] NVARCHAR(1000) NOT NULL,
    [productId] NVARCHAR(1000) NOT NULL,
    [jobId] NVARCHAR(1000) NOT NULL,
    [quantity] INT NOT NULL,
    [createdAt] DATETIME2 NOT NULL CONSTRAINT [stock_movements_createdAt_df] DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT [stock_movements_pkey] PRIMARY KEY CLUSTERED ([id]),
    CONSTRAINT [stock_movements_jobId_key] UNIQUE NONCLUSTERED ([jobId])
);

-- CreateIndex
CREATE UNIQUE NONCLUSTERED INDEX [atomizer_jobs_idempotency_key_key] ON [dbo].[atomizer_jobs]([idempotency_key]) WHERE [idempotency_key] IS NOT NULL;

-- CreateIndex
CREATE NONCLUSTERED INDEX [atomizer_jobs_queue_available_at_idx] ON [dbo].[atomizer_jobs]([queue], [available_at]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [atomizer_jobs_lease_token_idx] ON [dbo].[atomizer_jobs]([lease_token]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [atomizer_jobs_lease_owner_idx] ON [dbo].[atomizer_jobs]([lease_owner]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [atomizer_job_errors_job_id_idx] ON [dbo].[atomizer_job_errors]([job_id]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [atomizer_schedules_enabled_next_run_at_idx] ON [dbo].[atomizer_schedules]([enabled], [next_run_at], [key]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [atomizer_schedules_lease_owner_idx] ON [dbo].[atomizer_schedules]([lease_owner]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [products_archivedAt_idx] ON [dbo].[products]([archivedAt]);

-- CreateIndex
CREATE NONCLUSTERED INDEX [stock_movements_productId_idx] ON [dbo].[stock_movements]([productId]);

-- AddForeignKey
ALTER TABLE [dbo].[atomizer_job_errors] ADD CONSTRAINT [atomizer_job_errors_job_id_fkey] FOREIGN KEY ([job_id]) REFERENCES [dbo].[atomizer_jobs]([id]) ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE [dbo].[stock_movements] ADD CONSTRAINT [stock_movements_productId_fkey] FOREIGN KEY ([productId]) REFERENCES [dbo].[products]([id]) ON DELETE CASCADE ON UPDATE CASCADE;

COMMIT TRAN;

END TRY
BEGIN CATCH

IF @@TRANCOUNT > 0
BEGIN
    ROLLBACK TRAN;
END;
THROW

END CATCH

-- CreateTable
CREATE TABLE "atomizer_jobs" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "run_at" DATETIME NOT NULL,
    "available_at" DATETIME,
    "attempts" INTEGER NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "idempotency_key" TEXT,
    "schedule_key" TEXT,
    "lease_token" TEXT,
    "lease_owner" TEXT,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL,
    "completed_at" DATETIME,
    "failed_at" DATETIME
);

-- CreateTable
CREATE TABLE "atomizer_job_errors" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "job_id" TEXT NOT NULL,
    "attempt" INTEGER NOT NULL,
    "error_type" TEXT NOT NULL,
    "message" TEXT NOT NULL,
    "stack" TEXT,
    "server_id" TEXT,
    "occurred_at" DATETIME NOT NULL,
    CONSTRAINT "atomizer_job_errors_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "atomizer_jobs" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "atomizer_servers" (
    "server_id" TEXT NOT NULL PRIMARY KEY,
    "instance_id" TEXT NOT NULL,
    "host" TEXT NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" DATETIME NOT NULL,
    "last_heartbeat_at" DATETIME NOT NULL,
    "queues" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "atomizer_schedules" (
    "key" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "queue" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "cron" TEXT NOT NULL,
    "time_zone" TEXT NOT NULL,
    "misfire_policy" TEXT NOT NULL,
    "max_catch_up" INTEGER NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "next_run_at" DATETIME,
    "last_enqueued_at" DATETIME,
    "lease_token" TEXT,
    "lease_owner" TEXT,
    "lease_expires_at" DATETIME,
    "created_at" DATETIME NOT NULL,
    "updated_at" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "products" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    "archivedAt" DATETIME
);

-- CreateTable
CREATE TABLE "stock_movements" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "productId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "stock_movements_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "atomizer_jobs_idempotency_key_key" ON "atomizer_jobs"("idempotency_key");

-- CreateIndex
CREATE INDEX "atomizer_jobs_queue_available_at_idx" ON "atomizer_jobs"("queue", "available_at", "id");

-- CreateIndex
CREATE INDEX "atomizer_jobs_lease_token_idx" ON "atomizer_jobs"("lease_token");

-- CreateIndex
CREATE INDEX "atomizer_jobs_lease_owner_idx" ON "atomizer_jobs"("lease_owner");

-- CreateIndex
CREATE INDEX "atomizer_job_errors_job_id_idx" ON "atomizer_job_errors"("job_id");

-- CreateIndex
CREATE INDEX "atomizer_schedules_enabled_next_run_at_idx" ON "atomizer_schedules"("enabled", "next_run_at", "key");

-- CreateIndex
CREATE INDEX "atomizer_schedules_lease_owner_idx" ON "atomizer_schedules"("lease_owner");

-- CreateIndex
CREATE INDEX "products_archivedAt_idx" ON "products"("archivedAt");

-- CreateIndex
CREATE UNIQUE INDEX "stock_movements_jobId_key" ON "stock_movements"("jobId");

-- CreateIndex
CREATE INDEX "stock_movements_productId_idx" ON "stock_movements"("productId");


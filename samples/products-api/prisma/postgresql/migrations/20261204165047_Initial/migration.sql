-- CreateTable
CREATE TABLE "atomizer_jobs" (
    "id" UUID NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "queue" VARCHAR(100) NOT NULL,
    "payload" TEXT NOT NULL,
    "status" VARCHAR(16) NOT NULL,
    "run_at" TIMESTAMPTZ(3) NOT NULL,
    "available_at" TIMESTAMPTZ(3),
    "attempts" INTEGER NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "idempotency_key" VARCHAR(255),
    "schedule_key" VARCHAR(255),
    "lease_token" VARCHAR(320),
    "lease_owner" VARCHAR(255),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,
    "completed_at" TIMESTAMPTZ(3),
    "failed_at" TIMESTAMPTZ(3),

    CONSTRAINT "atomizer_jobs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "atomizer_job_errors" (
    "id" BIGSERIAL NOT NULL,
    "job_id" UUID NOT NULL,
    "attempt" INTEGER NOT NULL,
    "error_type" VARCHAR(255) NOT NULL,
    "message" TEXT NOT NULL,
    "stack" TEXT,
    "server_id" VARCHAR(255),
    "occurred_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "atomizer_job_errors_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "atomizer_servers" (
    "server_id" VARCHAR(255) NOT NULL,
    "instance_id" VARCHAR(255) NOT NULL,
    "host" VARCHAR(255) NOT NULL,
    "pid" INTEGER NOT NULL,
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "last_heartbeat_at" TIMESTAMPTZ(3) NOT NULL,
    "queues" TEXT NOT NULL,

    CONSTRAINT "atomizer_servers_pkey" PRIMARY KEY ("server_id")
);

-- CreateTable
CREATE TABLE "atomizer_schedules" (
    "key" VARCHAR(200) NOT NULL,
    "name" VARCHAR(100) NOT NULL,
    "queue" VARCHAR(100) NOT NULL,
    "payload" TEXT NOT NULL,
    "cron" VARCHAR(255) NOT NULL,
    "time_zone" VARCHAR(64) NOT NULL,
    "misfire_policy" VARCHAR(16) NOT NULL,
    "max_catch_up" INTEGER NOT NULL,
    "max_attempts" INTEGER NOT NULL,
    "enabled" BOOLEAN NOT NULL,
    "next_run_at" TIMESTAMPTZ(3),
    "last_enqueued_at" TIMESTAMPTZ(3),
    "lease_token" VARCHAR(320),
    "lease_owner" VARCHAR(255),
    "lease_expires_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "atomizer_schedules_pkey" PRIMARY KEY ("key")
);

-- CreateTable
CREATE TABLE "products" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "stock" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,
    "archivedAt" TIMESTAMP(3),

    CONSTRAINT "products_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "stock_movements" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "jobId" TEXT NOT NULL,
    "quantity" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "stock_movements_pkey" PRIMARY KEY ("id")
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

-- AddForeignKey
ALTER TABLE "atomizer_job_errors" ADD CONSTRAINT "atomizer_job_errors_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "atomizer_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "stock_movements" ADD CONSTRAINT "stock_movements_productId_fkey" FOREIGN KEY ("productId") REFERENCES "products"("id") ON DELETE CASCADE ON UPDATE CASCADE;


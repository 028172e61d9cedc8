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
CREATE TABLE "demo_runs" (
    "id" TEXT NOT NULL,
    "directory" TEXT NOT NULL,
    "fileCount" INTEGER NOT NULL,
    "startedAt" TIMESTAMP(3) NOT NULL,
    "summarizedAt" TIMESTAMP(3),
    "totalBytes" BIGINT,
    "totalLines" INTEGER,

    CONSTRAINT "demo_runs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "file_digests" (
    "id" TEXT NOT NULL,
    "runId" TEXT NOT NULL,
    "path" TEXT NOT NULL,
    "bytes" BIGINT NOT NULL,
    "lines" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "processedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "file_digests_pkey" PRIMARY KEY ("id")
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
CREATE UNIQUE INDEX "file_digests_runId_path_key" ON "file_digests"("runId", "path");

-- AddForeignKey
ALTER TABLE "atomizer_job_errors" ADD CONSTRAINT "atomizer_job_errors_job_id_fkey" FOREIGN KEY ("job_id") REFERENCES "atomizer_jobs"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "file_digests" ADD CONSTRAINT "file_digests_runId_fkey" FOREIGN KEY ("runId") REFERENCES "demo_runs"("id") ON DELETE CASCADE ON UPDATE CASCADE;


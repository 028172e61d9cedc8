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

-- CreateIndex
CREATE INDEX "atomizer_schedules_enabled_next_run_at_idx" ON "atomizer_schedules"("enabled", "next_run_at", "key");

-- CreateIndex
CREATE INDEX "atomizer_schedules_lease_owner_idx" ON "atomizer_schedules"("lease_owner");


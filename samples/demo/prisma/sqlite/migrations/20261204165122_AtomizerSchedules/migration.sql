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

-- CreateIndex
CREATE INDEX "atomizer_schedules_enabled_next_run_at_idx" ON "atomizer_schedules"("enabled", "next_run_at", "key");

-- CreateIndex
CREATE INDEX "atomizer_schedules_lease_owner_idx" ON "atomizer_schedules"("lease_owner");


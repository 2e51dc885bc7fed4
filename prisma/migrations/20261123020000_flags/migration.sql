-- CreateEnum
CREATE TYPE "FlagEnvironment" AS ENUM ('dev', 'staging', 'production');

-- CreateTable
CREATE TABLE "feature_flags" (
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "enabled" BOOLEAN NOT NULL,
    "rollout_percentage" INTEGER NOT NULL,
    "target_users" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "target_environments" "FlagEnvironment"[] DEFAULT ARRAY[]::"FlagEnvironment"[],
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "version" INTEGER NOT NULL DEFAULT 1,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_by" TEXT NOT NULL,
    "archived_at" TIMESTAMPTZ(3),

    CONSTRAINT "feature_flags_pkey" PRIMARY KEY ("name")
);

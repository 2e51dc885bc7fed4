-- AlterTable: users for whom a flag is off whatever else applies (issue 17, seed 000's "disable for specific users").
ALTER TABLE "feature_flags" ADD COLUMN "excluded_users" TEXT[] DEFAULT ARRAY[]::TEXT[];

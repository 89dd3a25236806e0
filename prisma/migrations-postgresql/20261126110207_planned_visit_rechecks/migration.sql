-- AlterTable
ALTER TABLE "PlannedVisit" ADD COLUMN     "recheckOfJson" TEXT NOT NULL DEFAULT '[]';


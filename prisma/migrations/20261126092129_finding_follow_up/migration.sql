-- AlterTable
ALTER TABLE "AssignedItem" ADD COLUMN "recheckOfFindingId" TEXT;

-- AlterTable
ALTER TABLE "Finding" ADD COLUMN "outcome" TEXT;
ALTER TABLE "Finding" ADD COLUMN "resolvedAt" DATETIME;
ALTER TABLE "Finding" ADD COLUMN "resolutionRef" TEXT;
ALTER TABLE "Finding" ADD COLUMN "resolutionNote" TEXT;

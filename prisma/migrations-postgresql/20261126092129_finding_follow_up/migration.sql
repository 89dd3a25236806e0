-- CreateEnum
CREATE TYPE "FindingOutcome" AS ENUM ('RECTIFIED', 'NO_PENALTY', 'CASE_CLOSED', 'ESCALATED');

-- AlterEnum
ALTER TYPE "InspectionStatus" ADD VALUE 'FOLLOW_UP';

-- AlterTable
ALTER TABLE "AssignedItem" ADD COLUMN     "recheckOfFindingId" TEXT;

-- AlterTable
ALTER TABLE "Finding" ADD COLUMN     "outcome" "FindingOutcome",
ADD COLUMN     "resolutionNote" TEXT,
ADD COLUMN     "resolutionRef" TEXT,
ADD COLUMN     "resolvedAt" TIMESTAMP(3);


-- AlterEnum
ALTER TYPE "FindingOutcome" ADD VALUE 'PENALIZED_ON_THE_SPOT';

-- AlterEnum
ALTER TYPE "DocumentKind" ADD VALUE 'ON_THE_SPOT_PENALTY_DECISION';

-- AlterTable
ALTER TABLE "JointInspection" ADD COLUMN     "reviewDueBasisJson" TEXT,
ADD COLUMN     "reviewDueOn" TEXT,
ADD COLUMN     "reviewOverdueAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "OnTheSpotPenalty" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "officerName" TEXT NOT NULL,
    "certificateNo" TEXT NOT NULL,
    "partyKind" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fineAmount" DOUBLE PRECISION,
    "facts" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,
    "filingDueOn" TEXT NOT NULL,
    "filingDueBasisJson" TEXT NOT NULL,
    "acknowledgement" TEXT,
    "signerName" TEXT,
    "refusalWitness" TEXT,
    "refusalNote" TEXT,
    "acknowledgedAt" TIMESTAMP(3),
    "filedAt" TIMESTAMP(3),
    "filedById" TEXT,
    "filedByName" TEXT,
    "filingNote" TEXT,
    "filingOverdue" BOOLEAN NOT NULL DEFAULT false,
    "filingOverdueAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OnTheSpotPenalty_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "OnTheSpotPenalty_inspectionId_idx" ON "OnTheSpotPenalty"("inspectionId");


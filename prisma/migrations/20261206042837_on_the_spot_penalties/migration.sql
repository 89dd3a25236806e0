-- AlterTable
ALTER TABLE "JointInspection" ADD COLUMN "reviewDueBasisJson" TEXT;
ALTER TABLE "JointInspection" ADD COLUMN "reviewDueOn" TEXT;
ALTER TABLE "JointInspection" ADD COLUMN "reviewOverdueAt" DATETIME;

-- CreateTable
CREATE TABLE "OnTheSpotPenalty" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inspectionId" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "officerName" TEXT NOT NULL,
    "certificateNo" TEXT NOT NULL,
    "partyKind" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "fineAmount" REAL,
    "facts" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    "filingDueOn" TEXT NOT NULL,
    "filingDueBasisJson" TEXT NOT NULL,
    "acknowledgement" TEXT,
    "signerName" TEXT,
    "refusalWitness" TEXT,
    "refusalNote" TEXT,
    "acknowledgedAt" DATETIME,
    "filedAt" DATETIME,
    "filedById" TEXT,
    "filedByName" TEXT,
    "filingNote" TEXT,
    "filingOverdue" BOOLEAN NOT NULL DEFAULT false,
    "filingOverdueAt" DATETIME,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "OnTheSpotPenalty_inspectionId_idx" ON "OnTheSpotPenalty"("inspectionId");


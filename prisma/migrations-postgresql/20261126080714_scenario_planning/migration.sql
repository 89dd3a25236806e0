-- CreateEnum
CREATE TYPE "PlanStatus" AS ENUM ('DRAFT', 'DRAWN', 'MERGED', 'APPROVED', 'PUBLISHED', 'EXECUTING', 'REPORTED');

-- CreateEnum
CREATE TYPE "RequestReason" AS ENUM ('RANDOM_SAMPLING', 'ANNUAL_PLAN', 'COMPLAINT', 'ASSIGNED_CASE', 'RECTIFICATION_RECHECK', 'ENTITY_REQUEST');

-- CreateEnum
CREATE TYPE "RequestStatus" AS ENUM ('PENDING', 'PLACED', 'UNPLACED');

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "doNotDisturb" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "periodStart" TIMESTAMP(3) NOT NULL,
    "periodEnd" TIMESTAMP(3) NOT NULL,
    "status" "PlanStatus" NOT NULL,
    "createdById" TEXT NOT NULL,
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "publishedAt" TIMESTAMP(3),
    "reportedAt" TIMESTAMP(3),
    "capsJson" TEXT NOT NULL,
    "capacityJson" TEXT NOT NULL,
    "summaryJson" TEXT NOT NULL DEFAULT '{}',
    "reportJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Plan_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckRequest" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "reason" "RequestReason" NOT NULL,
    "windowStart" TIMESTAMP(3) NOT NULL,
    "windowEnd" TIMESTAMP(3) NOT NULL,
    "itemCodesJson" TEXT NOT NULL,
    "drawId" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "status" "RequestStatus" NOT NULL DEFAULT 'PENDING',
    "unplacedCode" TEXT,
    "unplacedMessage" TEXT,
    "plannedVisitId" TEXT,

    CONSTRAINT "CheckRequest_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PlannedVisit" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "date" TIMESTAMP(3) NOT NULL,
    "departmentsJson" TEXT NOT NULL,
    "capExceptionsJson" TEXT NOT NULL DEFAULT '[]',
    "aboveBoundReason" TEXT,
    "inspectionId" TEXT,

    CONSTRAINT "PlannedVisit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Draw" (
    "id" TEXT NOT NULL,
    "planId" TEXT NOT NULL,
    "scenarioCode" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "onDate" TIMESTAMP(3) NOT NULL,
    "inputsJson" TEXT NOT NULL,
    "resultJson" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "publishedAt" TIMESTAMP(3),

    CONSTRAINT "Draw_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficerConflict" (
    "officerId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "declaredAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "OfficerConflict_pkey" PRIMARY KEY ("officerId","targetId")
);

-- CreateIndex
CREATE INDEX "CheckRequest_planId_idx" ON "CheckRequest"("planId");

-- CreateIndex
CREATE INDEX "CheckRequest_targetId_idx" ON "CheckRequest"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "PlannedVisit_inspectionId_key" ON "PlannedVisit"("inspectionId");

-- CreateIndex
CREATE UNIQUE INDEX "PlannedVisit_planId_key_key" ON "PlannedVisit"("planId", "key");

-- AddForeignKey
ALTER TABLE "CheckRequest" ADD CONSTRAINT "CheckRequest_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckRequest" ADD CONSTRAINT "CheckRequest_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckRequest" ADD CONSTRAINT "CheckRequest_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckRequest" ADD CONSTRAINT "CheckRequest_plannedVisitId_fkey" FOREIGN KEY ("plannedVisitId") REFERENCES "PlannedVisit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedVisit" ADD CONSTRAINT "PlannedVisit_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PlannedVisit" ADD CONSTRAINT "PlannedVisit_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Draw" ADD CONSTRAINT "Draw_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateEnum
CREATE TYPE "GridEventStatus" AS ENUM ('REPORTED', 'DISPATCHED', 'ON_SITE', 'FED_BACK', 'RESOLVED', 'CONVERTED');

-- CreateEnum
CREATE TYPE "ResponseStage" AS ENUM ('DISPATCH', 'ON_SITE', 'FEEDBACK');

-- CreateEnum
CREATE TYPE "EventLinkKind" AS ENUM ('JOINT_INSPECTION', 'CASE');

-- AlterEnum
ALTER TYPE "Role" ADD VALUE 'GRID_WORKER';

-- CreateTable
CREATE TABLE "GridEvent" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "evidenceJson" TEXT NOT NULL DEFAULT '[]',
    "status" "GridEventStatus" NOT NULL,
    "reportedAt" TIMESTAMP(3) NOT NULL,
    "dispatchDueAt" TIMESTAMP(3) NOT NULL,
    "onSiteDueAt" TIMESTAMP(3) NOT NULL,
    "feedbackDueAt" TIMESTAMP(3) NOT NULL,
    "dispatchedAt" TIMESTAMP(3),
    "dispatchedById" TEXT,
    "dispatchLate" BOOLEAN NOT NULL DEFAULT false,
    "instruction" TEXT,
    "onSiteAt" TIMESTAMP(3),
    "onSiteLate" BOOLEAN NOT NULL DEFAULT false,
    "feedbackAt" TIMESTAMP(3),
    "feedbackById" TEXT,
    "feedbackLate" BOOLEAN NOT NULL DEFAULT false,
    "feedbackResult" TEXT,
    "closedAt" TIMESTAMP(3),
    "closedById" TEXT,
    "closingNote" TEXT,
    "linkKind" "EventLinkKind",
    "linkedInspectionId" TEXT,
    "linkedCaseRef" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GridEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "EventDepartment" (
    "eventId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,

    CONSTRAINT "EventDepartment_pkey" PRIMARY KEY ("eventId","departmentCode")
);

-- CreateTable
CREATE TABLE "EventResponder" (
    "eventId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "departmentCode" TEXT,
    "assignedAt" TIMESTAMP(3) NOT NULL,
    "checkedInAt" TIMESTAMP(3),
    "checkInLate" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "EventResponder_pkey" PRIMARY KEY ("eventId","officerId")
);

-- CreateTable
CREATE TABLE "ClockBreach" (
    "id" TEXT NOT NULL,
    "eventId" TEXT NOT NULL,
    "stage" "ResponseStage" NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "breachedAt" TIMESTAMP(3) NOT NULL,
    "recordedAt" TIMESTAMP(3) NOT NULL,
    "escalatedAt" TIMESTAMP(3),
    "escalatedToId" TEXT,
    "escalationChannel" TEXT,
    "escalationFailed" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "ClockBreach_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "GridEvent_workflowId_key" ON "GridEvent"("workflowId");

-- CreateIndex
CREATE INDEX "GridEvent_status_idx" ON "GridEvent"("status");

-- CreateIndex
CREATE INDEX "GridEvent_reportedAt_idx" ON "GridEvent"("reportedAt");

-- CreateIndex
CREATE INDEX "GridEvent_linkedInspectionId_idx" ON "GridEvent"("linkedInspectionId");

-- CreateIndex
CREATE UNIQUE INDEX "GridEvent_reporterId_clientKey_key" ON "GridEvent"("reporterId", "clientKey");

-- CreateIndex
CREATE INDEX "EventDepartment_departmentCode_idx" ON "EventDepartment"("departmentCode");

-- CreateIndex
CREATE INDEX "EventResponder_officerId_idx" ON "EventResponder"("officerId");

-- CreateIndex
CREATE UNIQUE INDEX "ClockBreach_eventId_stage_key" ON "ClockBreach"("eventId", "stage");

-- AddForeignKey
ALTER TABLE "EventDepartment" ADD CONSTRAINT "EventDepartment_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GridEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "EventResponder" ADD CONSTRAINT "EventResponder_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GridEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClockBreach" ADD CONSTRAINT "ClockBreach_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GridEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;


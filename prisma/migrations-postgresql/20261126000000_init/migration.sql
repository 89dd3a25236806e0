-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('MINOR', 'MODERATE', 'MAJOR');

-- CreateEnum
CREATE TYPE "MeasurementKind" AS ENUM ('NONE', 'NUMERIC');

-- CreateEnum
CREATE TYPE "InspectionStatus" AS ENUM ('SCHEDULED', 'ON_SITE', 'CHECKS_DONE', 'IN_LEGAL_REVIEW', 'CLOSED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "CheckOutcome" AS ENUM ('COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE');

-- CreateEnum
CREATE TYPE "ProposedAction" AS ENUM ('RECTIFY', 'PENALTY');

-- CreateEnum
CREATE TYPE "ReviewDecision" AS ENUM ('APPROVED', 'RETURNED');

-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,

    CONSTRAINT "Department_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Officer" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "departmentId" TEXT,
    "certificateNo" TEXT,
    "certificateExpiresOn" TIMESTAMP(3),
    "legalQualified" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Officer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficerRole" (
    "officerId" TEXT NOT NULL,
    "role" "Role" NOT NULL,

    CONSTRAINT "OfficerRole_pkey" PRIMARY KEY ("officerId","role")
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" TIMESTAMP(3),

    CONSTRAINT "ApiToken_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "scenarioCode" TEXT,
    "riskClass" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Target_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Scenario" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,

    CONSTRAINT "Scenario_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckItem" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "measurementKind" "MeasurementKind" NOT NULL,
    "unit" TEXT,
    "limitMin" DOUBLE PRECISION,
    "limitMax" DOUBLE PRECISION,
    "validMin" DOUBLE PRECISION,
    "validMax" DOUBLE PRECISION,
    "severity" "Severity" NOT NULL,

    CONSTRAINT "CheckItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScenarioItem" (
    "scenarioId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ScenarioItem_pkey" PRIMARY KEY ("scenarioId","checkItemId")
);

-- CreateTable
CREATE TABLE "JointInspection" (
    "id" TEXT NOT NULL,
    "workflowId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "scheduledFor" TIMESTAMP(3) NOT NULL,
    "status" "InspectionStatus" NOT NULL,
    "scheduledById" TEXT NOT NULL,
    "checkInAt" TIMESTAMP(3),
    "checksDoneAt" TIMESTAMP(3),
    "closedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "JointInspection_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "inspectionId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "presentAtCheckIn" BOOLEAN NOT NULL DEFAULT false,

    CONSTRAINT "TeamMember_pkey" PRIMARY KEY ("inspectionId","officerId")
);

-- CreateTable
CREATE TABLE "DepartmentCheck" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3),
    "submittedById" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "escalatedAt" TIMESTAMP(3),

    CONSTRAINT "DepartmentCheck_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AssignedItem" (
    "departmentCheckId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,

    CONSTRAINT "AssignedItem_pkey" PRIMARY KEY ("departmentCheckId","checkItemId")
);

-- CreateTable
CREATE TABLE "CheckResult" (
    "id" TEXT NOT NULL,
    "departmentCheckId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "outcome" "CheckOutcome" NOT NULL,
    "measuredValue" DOUBLE PRECISION,
    "unit" TEXT,
    "note" TEXT,
    "evidenceJson" TEXT NOT NULL DEFAULT '[]',
    "proposedAction" "ProposedAction",
    "recordedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckResult_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "severity" "Severity" NOT NULL,
    "description" TEXT NOT NULL,
    "proposedAction" "ProposedAction" NOT NULL,
    "measuredValue" DOUBLE PRECISION,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Finding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalReview" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" "ReviewDecision" NOT NULL,
    "opinion" TEXT NOT NULL,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegalReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL,
    "idempotencyKey" TEXT,
    "actorId" TEXT,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "at" TIMESTAMP(3) NOT NULL,
    "payloadJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Officer_key_key" ON "Officer"("key");

-- CreateIndex
CREATE UNIQUE INDEX "ApiToken_tokenHash_key" ON "ApiToken"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Target_key_key" ON "Target"("key");

-- CreateIndex
CREATE UNIQUE INDEX "Target_creditCode_key" ON "Target"("creditCode");

-- CreateIndex
CREATE UNIQUE INDEX "Scenario_code_key" ON "Scenario"("code");

-- CreateIndex
CREATE UNIQUE INDEX "CheckItem_code_key" ON "CheckItem"("code");

-- CreateIndex
CREATE UNIQUE INDEX "JointInspection_workflowId_key" ON "JointInspection"("workflowId");

-- CreateIndex
CREATE INDEX "JointInspection_status_idx" ON "JointInspection"("status");

-- CreateIndex
CREATE INDEX "JointInspection_scheduledFor_idx" ON "JointInspection"("scheduledFor");

-- CreateIndex
CREATE UNIQUE INDEX "DepartmentCheck_inspectionId_departmentId_key" ON "DepartmentCheck"("inspectionId", "departmentId");

-- CreateIndex
CREATE UNIQUE INDEX "CheckResult_departmentCheckId_checkItemId_key" ON "CheckResult"("departmentCheckId", "checkItemId");

-- CreateIndex
CREATE UNIQUE INDEX "Finding_inspectionId_checkItemId_key" ON "Finding"("inspectionId", "checkItemId");

-- CreateIndex
CREATE UNIQUE INDEX "LegalReview_inspectionId_round_key" ON "LegalReview"("inspectionId", "round");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_idempotencyKey_key" ON "AuditEvent"("idempotencyKey");

-- CreateIndex
CREATE INDEX "AuditEvent_subjectType_subjectId_idx" ON "AuditEvent"("subjectType", "subjectId");

-- AddForeignKey
ALTER TABLE "Officer" ADD CONSTRAINT "Officer_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficerRole" ADD CONSTRAINT "OfficerRole_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApiToken" ADD CONSTRAINT "ApiToken_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckItem" ADD CONSTRAINT "CheckItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScenarioItem" ADD CONSTRAINT "ScenarioItem_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScenarioItem" ADD CONSTRAINT "ScenarioItem_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JointInspection" ADD CONSTRAINT "JointInspection_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JointInspection" ADD CONSTRAINT "JointInspection_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TeamMember" ADD CONSTRAINT "TeamMember_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentCheck" ADD CONSTRAINT "DepartmentCheck_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DepartmentCheck" ADD CONSTRAINT "DepartmentCheck_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssignedItem" ADD CONSTRAINT "AssignedItem_departmentCheckId_fkey" FOREIGN KEY ("departmentCheckId") REFERENCES "DepartmentCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AssignedItem" ADD CONSTRAINT "AssignedItem_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckResult" ADD CONSTRAINT "CheckResult_departmentCheckId_fkey" FOREIGN KEY ("departmentCheckId") REFERENCES "DepartmentCheck"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CheckResult" ADD CONSTRAINT "CheckResult_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Finding" ADD CONSTRAINT "Finding_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "LegalReview" ADD CONSTRAINT "LegalReview_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE CASCADE ON UPDATE CASCADE;


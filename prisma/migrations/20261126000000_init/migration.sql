-- CreateTable
CREATE TABLE "Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "Officer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "departmentId" TEXT,
    "certificateNo" TEXT,
    "certificateExpiresOn" DATETIME,
    "legalQualified" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Officer_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfficerRole" (
    "officerId" TEXT NOT NULL,
    "role" TEXT NOT NULL,

    PRIMARY KEY ("officerId", "role"),
    CONSTRAINT "OfficerRole_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ApiToken" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "officerId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "label" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "revokedAt" DATETIME,
    CONSTRAINT "ApiToken_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Target" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "scenarioCode" TEXT,
    "riskClass" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);

-- CreateTable
CREATE TABLE "Scenario" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL
);

-- CreateTable
CREATE TABLE "CheckItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "legalBasis" TEXT NOT NULL,
    "method" TEXT NOT NULL,
    "measurementKind" TEXT NOT NULL,
    "unit" TEXT,
    "limitMin" REAL,
    "limitMax" REAL,
    "validMin" REAL,
    "validMax" REAL,
    "severity" TEXT NOT NULL,
    CONSTRAINT "CheckItem_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScenarioItem" (
    "scenarioId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("scenarioId", "checkItemId"),
    CONSTRAINT "ScenarioItem_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScenarioItem_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "JointInspection" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "scheduledFor" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "scheduledById" TEXT NOT NULL,
    "checkInAt" DATETIME,
    "checksDoneAt" DATETIME,
    "closedAt" DATETIME,
    "cancelledAt" DATETIME,
    "cancelReason" TEXT,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "JointInspection_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "JointInspection_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "TeamMember" (
    "inspectionId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "isLead" BOOLEAN NOT NULL DEFAULT false,
    "presentAtCheckIn" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("inspectionId", "officerId"),
    CONSTRAINT "TeamMember_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DepartmentCheck" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inspectionId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "submittedAt" DATETIME,
    "submittedById" TEXT,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "overdue" BOOLEAN NOT NULL DEFAULT false,
    "escalatedAt" DATETIME,
    CONSTRAINT "DepartmentCheck_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "DepartmentCheck_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AssignedItem" (
    "departmentCheckId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,

    PRIMARY KEY ("departmentCheckId", "checkItemId"),
    CONSTRAINT "AssignedItem_departmentCheckId_fkey" FOREIGN KEY ("departmentCheckId") REFERENCES "DepartmentCheck" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "AssignedItem_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CheckResult" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "departmentCheckId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "measuredValue" REAL,
    "unit" TEXT,
    "note" TEXT,
    "evidenceJson" TEXT NOT NULL DEFAULT '[]',
    "proposedAction" TEXT,
    "recordedAt" DATETIME NOT NULL,
    CONSTRAINT "CheckResult_departmentCheckId_fkey" FOREIGN KEY ("departmentCheckId") REFERENCES "DepartmentCheck" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckResult_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Finding" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inspectionId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "severity" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "proposedAction" TEXT NOT NULL,
    "measuredValue" REAL,
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Finding_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Finding_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "Finding_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "LegalReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inspectionId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "decidedAt" DATETIME NOT NULL,
    CONSTRAINT "LegalReview_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "AuditEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "idempotencyKey" TEXT,
    "actorId" TEXT,
    "actorName" TEXT,
    "action" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "at" DATETIME NOT NULL,
    "payloadJson" TEXT NOT NULL DEFAULT '{}'
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


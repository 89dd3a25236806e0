-- CreateTable
CREATE TABLE "GridEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "workflowId" TEXT NOT NULL,
    "reporterId" TEXT NOT NULL,
    "clientKey" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "location" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "evidenceJson" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "reportedAt" DATETIME NOT NULL,
    "dispatchDueAt" DATETIME NOT NULL,
    "onSiteDueAt" DATETIME NOT NULL,
    "feedbackDueAt" DATETIME NOT NULL,
    "dispatchedAt" DATETIME,
    "dispatchedById" TEXT,
    "dispatchLate" BOOLEAN NOT NULL DEFAULT false,
    "instruction" TEXT,
    "onSiteAt" DATETIME,
    "onSiteLate" BOOLEAN NOT NULL DEFAULT false,
    "feedbackAt" DATETIME,
    "feedbackById" TEXT,
    "feedbackLate" BOOLEAN NOT NULL DEFAULT false,
    "feedbackResult" TEXT,
    "closedAt" DATETIME,
    "closedById" TEXT,
    "closingNote" TEXT,
    "linkKind" TEXT,
    "linkedInspectionId" TEXT,
    "linkedCaseRef" TEXT,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "EventDepartment" (
    "eventId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,

    PRIMARY KEY ("eventId", "departmentCode"),
    CONSTRAINT "EventDepartment_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GridEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventResponder" (
    "eventId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "departmentCode" TEXT,
    "assignedAt" DATETIME NOT NULL,
    "checkedInAt" DATETIME,
    "checkInLate" BOOLEAN NOT NULL DEFAULT false,

    PRIMARY KEY ("eventId", "officerId"),
    CONSTRAINT "EventResponder_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GridEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ClockBreach" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "eventId" TEXT NOT NULL,
    "stage" TEXT NOT NULL,
    "dueAt" DATETIME NOT NULL,
    "breachedAt" DATETIME NOT NULL,
    "recordedAt" DATETIME NOT NULL,
    "escalatedAt" DATETIME,
    "escalatedToId" TEXT,
    "escalationChannel" TEXT,
    "escalationFailed" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "ClockBreach_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "GridEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
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

-- CreateTable
CREATE TABLE "EnforcementCase" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "title" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "findingId" TEXT,
    "departmentCode" TEXT,
    "status" TEXT NOT NULL,
    "major" BOOLEAN NOT NULL DEFAULT false,
    "penaltyKind" TEXT,
    "fineAmount" REAL,
    "proposalJson" TEXT,
    "filedById" TEXT NOT NULL,
    "filedAt" DATETIME NOT NULL,
    "decisionDueOn" TEXT NOT NULL,
    "decisionOverdue" BOOLEAN NOT NULL DEFAULT false,
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "suspendedDays" INTEGER NOT NULL DEFAULT 0,
    "reviewDueOn" TEXT,
    "reviewOverdue" BOOLEAN NOT NULL DEFAULT false,
    "decisionText" TEXT,
    "decidedAt" DATETIME,
    "decisionLate" BOOLEAN NOT NULL DEFAULT false,
    "servedAt" DATETIME,
    "serviceMethod" TEXT,
    "closedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CaseInvestigator" (
    "caseId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "assignedAt" DATETIME NOT NULL,

    PRIMARY KEY ("caseId", "officerId"),
    CONSTRAINT "CaseInvestigator_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "EnforcementCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" DATETIME NOT NULL,
    CONSTRAINT "CaseReview_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "EnforcementCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "at" DATETIME NOT NULL,
    "detailJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "EnforcementCase" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "EnforcementCase_inspectionId_idx" ON "EnforcementCase"("inspectionId");

-- CreateIndex
CREATE INDEX "EnforcementCase_status_idx" ON "EnforcementCase"("status");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReview_caseId_round_key" ON "CaseReview"("caseId", "round");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_kind_idx" ON "CaseEvent"("caseId", "kind");

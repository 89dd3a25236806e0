-- CreateTable
CREATE TABLE "Plan" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "name" TEXT NOT NULL,
    "periodStart" DATETIME NOT NULL,
    "periodEnd" DATETIME NOT NULL,
    "status" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "approvedById" TEXT,
    "approvedAt" DATETIME,
    "publishedAt" DATETIME,
    "reportedAt" DATETIME,
    "capsJson" TEXT NOT NULL,
    "capacityJson" TEXT NOT NULL,
    "summaryJson" TEXT NOT NULL DEFAULT '{}',
    "reportJson" TEXT NOT NULL DEFAULT '{}',
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "CheckRequest" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "departmentId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "windowStart" DATETIME NOT NULL,
    "windowEnd" DATETIME NOT NULL,
    "itemCodesJson" TEXT NOT NULL,
    "drawId" TEXT,
    "createdById" TEXT,
    "createdAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'PENDING',
    "unplacedCode" TEXT,
    "unplacedMessage" TEXT,
    "plannedVisitId" TEXT,
    CONSTRAINT "CheckRequest_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "CheckRequest_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CheckRequest_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE RESTRICT ON UPDATE CASCADE,
    CONSTRAINT "CheckRequest_plannedVisitId_fkey" FOREIGN KEY ("plannedVisitId") REFERENCES "PlannedVisit" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "PlannedVisit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "date" DATETIME NOT NULL,
    "departmentsJson" TEXT NOT NULL,
    "capExceptionsJson" TEXT NOT NULL DEFAULT '[]',
    "aboveBoundReason" TEXT,
    "inspectionId" TEXT,
    CONSTRAINT "PlannedVisit_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "PlannedVisit_targetId_fkey" FOREIGN KEY ("targetId") REFERENCES "Target" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Draw" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "planId" TEXT NOT NULL,
    "scenarioCode" TEXT NOT NULL,
    "seed" TEXT NOT NULL,
    "algorithm" TEXT NOT NULL,
    "onDate" DATETIME NOT NULL,
    "inputsJson" TEXT NOT NULL,
    "resultJson" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "publishedAt" DATETIME,
    CONSTRAINT "Draw_planId_fkey" FOREIGN KEY ("planId") REFERENCES "Plan" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfficerConflict" (
    "officerId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "declaredAt" DATETIME NOT NULL,

    PRIMARY KEY ("officerId", "targetId")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Target" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT,
    "name" TEXT NOT NULL,
    "creditCode" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "scenarioCode" TEXT,
    "riskClass" TEXT,
    "doNotDisturb" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP
);
INSERT INTO "new_Target" ("address", "createdAt", "creditCode", "id", "key", "name", "riskClass", "scenarioCode", "village") SELECT "address", "createdAt", "creditCode", "id", "key", "name", "riskClass", "scenarioCode", "village" FROM "Target";
DROP TABLE "Target";
ALTER TABLE "new_Target" RENAME TO "Target";
CREATE UNIQUE INDEX "Target_key_key" ON "Target"("key");
CREATE UNIQUE INDEX "Target_creditCode_key" ON "Target"("creditCode");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE INDEX "CheckRequest_planId_idx" ON "CheckRequest"("planId");

-- CreateIndex
CREATE INDEX "CheckRequest_targetId_idx" ON "CheckRequest"("targetId");

-- CreateIndex
CREATE UNIQUE INDEX "PlannedVisit_inspectionId_key" ON "PlannedVisit"("inspectionId");

-- CreateIndex
CREATE UNIQUE INDEX "PlannedVisit_planId_key_key" ON "PlannedVisit"("planId", "key");

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_EnforcementCase" (
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
    "updatedAt" DATETIME NOT NULL,
    "reviewDueBasisJson" TEXT,
    "townshipId" TEXT,
    "amountPaid" REAL,
    "executedAt" DATETIME,
    "hearingStatus" TEXT,
    "noticeServedOn" TEXT,
    "paymentDueOn" TEXT,
    "paymentOverdue" BOOLEAN NOT NULL DEFAULT false,
    "statementEndsOn" TEXT,
    "surchargeAmount" REAL
);
INSERT INTO "new_EnforcementCase" ("closedAt", "decidedAt", "decisionDueOn", "decisionLate", "decisionOverdue", "decisionText", "departmentCode", "filedAt", "filedById", "findingId", "fineAmount", "id", "inspectionId", "major", "penaltyKind", "proposalJson", "reviewDueBasisJson", "reviewDueOn", "reviewOverdue", "servedAt", "serviceMethod", "status", "suspended", "suspendedDays", "title", "townshipId", "updatedAt") SELECT "closedAt", "decidedAt", "decisionDueOn", "decisionLate", "decisionOverdue", "decisionText", "departmentCode", "filedAt", "filedById", "findingId", "fineAmount", "id", "inspectionId", "major", "penaltyKind", "proposalJson", "reviewDueBasisJson", "reviewDueOn", "reviewOverdue", "servedAt", "serviceMethod", "status", "suspended", "suspendedDays", "title", "townshipId", "updatedAt" FROM "EnforcementCase";
DROP TABLE "EnforcementCase";
ALTER TABLE "new_EnforcementCase" RENAME TO "EnforcementCase";
CREATE INDEX "EnforcementCase_inspectionId_idx" ON "EnforcementCase"("inspectionId");
CREATE INDEX "EnforcementCase_status_idx" ON "EnforcementCase"("status");
CREATE INDEX "EnforcementCase_townshipId_idx" ON "EnforcementCase"("townshipId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


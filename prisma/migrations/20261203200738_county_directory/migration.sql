-- AlterTable
ALTER TABLE "Officer" ADD COLUMN "certificateIssuer" TEXT;
ALTER TABLE "Officer" ADD COLUMN "deactivatedAt" DATETIME;
ALTER TABLE "Officer" ADD COLUMN "legalQualificationNo" TEXT;
ALTER TABLE "Officer" ADD COLUMN "phone" TEXT;
ALTER TABLE "Officer" ADD COLUMN "updatedAt" DATETIME;

-- AlterTable
ALTER TABLE "Target" ADD COLUMN "contactPhone" TEXT;
ALTER TABLE "Target" ADD COLUMN "creditGrade" TEXT;
ALTER TABLE "Target" ADD COLUMN "doNotDisturbFrom" TEXT;
ALTER TABLE "Target" ADD COLUMN "doNotDisturbReason" TEXT;
ALTER TABLE "Target" ADD COLUMN "doNotDisturbUntil" TEXT;
ALTER TABLE "Target" ADD COLUMN "legalRepresentative" TEXT;
ALTER TABLE "Target" ADD COLUMN "updatedAt" DATETIME;

-- CreateTable
CREATE TABLE "SeedRecord" (
    "model" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("model", "key")
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_OfficerConflict" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "officerId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "declaredAt" DATETIME NOT NULL,
    "source" TEXT NOT NULL DEFAULT 'OFFICER',
    "declaredById" TEXT,
    "status" TEXT NOT NULL DEFAULT 'UPHELD',
    "decidedById" TEXT,
    "decidedAt" DATETIME,
    "decisionNote" TEXT
);
-- edited: rows declared before get an id from their old key (officer, target), and stay upheld
INSERT INTO "new_OfficerConflict" ("id", "declaredAt", "officerId", "reason", "targetId") SELECT "officerId" || ':' || "targetId", "declaredAt", "officerId", "reason", "targetId" FROM "OfficerConflict";
DROP TABLE "OfficerConflict";
ALTER TABLE "new_OfficerConflict" RENAME TO "OfficerConflict";
CREATE INDEX "OfficerConflict_officerId_targetId_idx" ON "OfficerConflict"("officerId", "targetId");
CREATE INDEX "OfficerConflict_targetId_idx" ON "OfficerConflict"("targetId");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;


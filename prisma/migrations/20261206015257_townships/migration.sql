-- AlterTable
ALTER TABLE "GridEvent" ADD COLUMN "townshipId" TEXT;

-- AlterTable
ALTER TABLE "EnforcementCase" ADD COLUMN "townshipId" TEXT;

-- CreateTable
CREATE TABLE "Township" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'TOWNSHIP',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME
);

-- CreateTable
CREATE TABLE "Village" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "townshipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'VILLAGE',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Village_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "OfficerTownship" (
    "officerId" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,

    PRIMARY KEY ("officerId", "townshipId"),
    CONSTRAINT "OfficerTownship_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "OfficerTownship_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_Department" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "shortName" TEXT NOT NULL,
    "townshipId" TEXT,
    CONSTRAINT "Department_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Department" ("code", "id", "name", "shortName") SELECT "code", "id", "name", "shortName" FROM "Department";
DROP TABLE "Department";
ALTER TABLE "new_Department" RENAME TO "Department";
CREATE UNIQUE INDEX "Department_code_key" ON "Department"("code");
CREATE TABLE "new_Officer" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "departmentId" TEXT,
    "certificateNo" TEXT,
    "certificateExpiresOn" DATETIME,
    "legalQualified" BOOLEAN NOT NULL DEFAULT false,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "username" TEXT,
    "passwordHash" TEXT,
    "mustChangePassword" BOOLEAN NOT NULL DEFAULT false,
    "passwordChangedAt" DATETIME,
    "failedLogins" INTEGER NOT NULL DEFAULT 0,
    "lockedUntil" DATETIME,
    "totpSecret" TEXT,
    "totpEnabledAt" DATETIME,
    "totpLastStep" INTEGER,
    "certificateIssuer" TEXT,
    "deactivatedAt" DATETIME,
    "legalQualificationNo" TEXT,
    "phone" TEXT,
    "updatedAt" DATETIME,
    "countyWide" BOOLEAN NOT NULL DEFAULT false,
    CONSTRAINT "Officer_departmentId_fkey" FOREIGN KEY ("departmentId") REFERENCES "Department" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Officer" ("active", "certificateExpiresOn", "certificateIssuer", "certificateNo", "createdAt", "deactivatedAt", "departmentId", "failedLogins", "id", "key", "legalQualificationNo", "legalQualified", "lockedUntil", "mustChangePassword", "name", "passwordChangedAt", "passwordHash", "phone", "totpEnabledAt", "totpLastStep", "totpSecret", "updatedAt", "username") SELECT "active", "certificateExpiresOn", "certificateIssuer", "certificateNo", "createdAt", "deactivatedAt", "departmentId", "failedLogins", "id", "key", "legalQualificationNo", "legalQualified", "lockedUntil", "mustChangePassword", "name", "passwordChangedAt", "passwordHash", "phone", "totpEnabledAt", "totpLastStep", "totpSecret", "updatedAt", "username" FROM "Officer";
DROP TABLE "Officer";
ALTER TABLE "new_Officer" RENAME TO "Officer";
CREATE UNIQUE INDEX "Officer_key_key" ON "Officer"("key");
CREATE UNIQUE INDEX "Officer_username_key" ON "Officer"("username");
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
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "contactPhone" TEXT,
    "creditGrade" TEXT,
    "doNotDisturbFrom" TEXT,
    "doNotDisturbReason" TEXT,
    "doNotDisturbUntil" TEXT,
    "legalRepresentative" TEXT,
    "updatedAt" DATETIME,
    "townshipId" TEXT,
    CONSTRAINT "Target_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Target" ("address", "contactPhone", "createdAt", "creditCode", "creditGrade", "doNotDisturb", "doNotDisturbFrom", "doNotDisturbReason", "doNotDisturbUntil", "id", "key", "legalRepresentative", "name", "riskClass", "scenarioCode", "updatedAt", "village") SELECT "address", "contactPhone", "createdAt", "creditCode", "creditGrade", "doNotDisturb", "doNotDisturbFrom", "doNotDisturbReason", "doNotDisturbUntil", "id", "key", "legalRepresentative", "name", "riskClass", "scenarioCode", "updatedAt", "village" FROM "Target";
DROP TABLE "Target";
ALTER TABLE "new_Target" RENAME TO "Target";
CREATE UNIQUE INDEX "Target_key_key" ON "Target"("key");
CREATE UNIQUE INDEX "Target_creditCode_key" ON "Target"("creditCode");
CREATE INDEX "Target_townshipId_idx" ON "Target"("townshipId");
CREATE TABLE "new_Plan" (
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
    "updatedAt" DATETIME NOT NULL,
    "townshipId" TEXT,
    CONSTRAINT "Plan_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);
INSERT INTO "new_Plan" ("approvedAt", "approvedById", "capacityJson", "capsJson", "createdAt", "createdById", "id", "name", "periodEnd", "periodStart", "publishedAt", "reportJson", "reportedAt", "status", "summaryJson", "updatedAt") SELECT "approvedAt", "approvedById", "capacityJson", "capsJson", "createdAt", "createdById", "id", "name", "periodEnd", "periodStart", "publishedAt", "reportJson", "reportedAt", "status", "summaryJson", "updatedAt" FROM "Plan";
DROP TABLE "Plan";
ALTER TABLE "new_Plan" RENAME TO "Plan";
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Township_code_key" ON "Township"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Township_name_key" ON "Township"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Village_townshipId_name_key" ON "Village"("townshipId", "name");

-- CreateIndex
CREATE INDEX "OfficerTownship_townshipId_idx" ON "OfficerTownship"("townshipId");

-- CreateIndex
CREATE INDEX "GridEvent_townshipId_idx" ON "GridEvent"("townshipId");

-- CreateIndex
CREATE INDEX "EnforcementCase_townshipId_idx" ON "EnforcementCase"("townshipId");


-- edited: officers from before townships keep the access they had (every township)
UPDATE "Officer" SET "countyWide" = true;

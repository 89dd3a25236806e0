-- AlterTable
ALTER TABLE "JointInspection" ADD COLUMN "scenarioVersionId" TEXT;

-- AlterTable
ALTER TABLE "PlannedVisit" ADD COLUMN "scenarioVersionId" TEXT;

-- CreateTable
CREATE TABLE "ScenarioListVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "scenarioId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "effectiveFrom" TEXT,
    "note" TEXT,
    "basedOnId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL,
    "submittedById" TEXT,
    "submittedAt" DATETIME,
    "reviewedById" TEXT,
    "reviewedAt" DATETIME,
    "reviewOpinion" TEXT,
    "publishedById" TEXT,
    "publishedAt" DATETIME,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ScenarioListVersion_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ScenarioListVersionItem" (
    "versionId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    PRIMARY KEY ("versionId", "checkItemId"),
    CONSTRAINT "ScenarioListVersionItem_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ScenarioListVersion" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ScenarioListVersionItem_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "ScenarioListVersion_scenarioId_status_idx" ON "ScenarioListVersion"("scenarioId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioListVersion_scenarioId_version_key" ON "ScenarioListVersion"("scenarioId", "version");


-- edited: each existing scenario's list (ScenarioItem) becomes its version 1, published and in effect
-- from 2000-01-01 (domain/scenario-lists.ts INITIAL_LIST_EFFECTIVE_FROM), so scheduling goes on as before
INSERT INTO "ScenarioListVersion" ("id", "scenarioId", "version", "status", "effectiveFrom", "note", "createdById", "createdAt", "publishedById", "publishedAt", "updatedAt")
SELECT 'v1-' || "id", "id", 1, 'PUBLISHED', '2000-01-01', '启用清单版本管理前的场景清单', 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM "Scenario";
INSERT INTO "ScenarioListVersionItem" ("versionId", "checkItemId", "position")
SELECT 'v1-' || "scenarioId", "checkItemId", "position" FROM "ScenarioItem";

-- edited: visits scheduled and planned before were checked against that list: they record version 1
UPDATE "JointInspection" SET "scenarioVersionId" = 'v1-' || "scenarioId";
UPDATE "PlannedVisit" SET "scenarioVersionId" = (
  SELECT 'v1-' || s."id" FROM "Target" t JOIN "Scenario" s ON s."code" = t."scenarioCode" WHERE t."id" = "PlannedVisit"."targetId"
);

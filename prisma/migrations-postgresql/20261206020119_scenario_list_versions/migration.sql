-- AlterTable
ALTER TABLE "JointInspection" ADD COLUMN     "scenarioVersionId" TEXT;

-- AlterTable
ALTER TABLE "PlannedVisit" ADD COLUMN     "scenarioVersionId" TEXT;

-- CreateTable
CREATE TABLE "ScenarioListVersion" (
    "id" TEXT NOT NULL,
    "scenarioId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "effectiveFrom" TEXT,
    "note" TEXT,
    "basedOnId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "submittedById" TEXT,
    "submittedAt" TIMESTAMP(3),
    "reviewedById" TEXT,
    "reviewedAt" TIMESTAMP(3),
    "reviewOpinion" TEXT,
    "publishedById" TEXT,
    "publishedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ScenarioListVersion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ScenarioListVersionItem" (
    "versionId" TEXT NOT NULL,
    "checkItemId" TEXT NOT NULL,
    "position" INTEGER NOT NULL,

    CONSTRAINT "ScenarioListVersionItem_pkey" PRIMARY KEY ("versionId","checkItemId")
);

-- CreateIndex
CREATE INDEX "ScenarioListVersion_scenarioId_status_idx" ON "ScenarioListVersion"("scenarioId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ScenarioListVersion_scenarioId_version_key" ON "ScenarioListVersion"("scenarioId", "version");

-- AddForeignKey
ALTER TABLE "ScenarioListVersion" ADD CONSTRAINT "ScenarioListVersion_scenarioId_fkey" FOREIGN KEY ("scenarioId") REFERENCES "Scenario"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScenarioListVersionItem" ADD CONSTRAINT "ScenarioListVersionItem_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "ScenarioListVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ScenarioListVersionItem" ADD CONSTRAINT "ScenarioListVersionItem_checkItemId_fkey" FOREIGN KEY ("checkItemId") REFERENCES "CheckItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- edited: each existing scenario's list (ScenarioItem) becomes its version 1, published and in effect
-- from 2000-01-01 (domain/scenario-lists.ts INITIAL_LIST_EFFECTIVE_FROM), so scheduling goes on as before
INSERT INTO "ScenarioListVersion" ("id", "scenarioId", "version", "status", "effectiveFrom", "note", "createdById", "createdAt", "publishedById", "publishedAt", "updatedAt")
SELECT 'v1-' || "id", "id", 1, 'PUBLISHED', '2000-01-01', '启用清单版本管理前的场景清单', 'system', (now() AT TIME ZONE 'UTC'), 'system', (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC') FROM "Scenario";
INSERT INTO "ScenarioListVersionItem" ("versionId", "checkItemId", "position")
SELECT 'v1-' || "scenarioId", "checkItemId", "position" FROM "ScenarioItem";

-- edited: visits scheduled and planned before were checked against that list: they record version 1
UPDATE "JointInspection" SET "scenarioVersionId" = 'v1-' || "scenarioId";
UPDATE "PlannedVisit" SET "scenarioVersionId" = (
  SELECT 'v1-' || s."id" FROM "Target" t JOIN "Scenario" s ON s."code" = t."scenarioCode" WHERE t."id" = "PlannedVisit"."targetId"
);

-- CreateTable
CREATE TABLE "CountyRuleVersion" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "effectiveFrom" TEXT,
    "contentJson" TEXT NOT NULL,
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

    CONSTRAINT "CountyRuleVersion_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "CountyRuleVersion_kind_status_idx" ON "CountyRuleVersion"("kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CountyRuleVersion_kind_version_key" ON "CountyRuleVersion"("kind", "version");


-- edited: a county from before versioned rules (its catalog is seeded: it has check items) gets its
-- current 首违不罚 list (the items with noPenaltyListed) and the shipped frequency caps
-- (domain/planning.ts DEFAULT_FREQUENCY_CAPS) as published version 1 of each, in effect from
-- 2000-01-01 (INITIAL_LIST_EFFECTIVE_FROM), so dispositions and plans go on as before. Codes sorted
-- bytewise (COLLATE "C") and written as domain/county-rules.ts contentJsonOf writes them, so both
-- databases hold the same text. A fresh database gets them from the seed.
INSERT INTO "CountyRuleVersion" ("id", "kind", "version", "status", "effectiveFrom", "contentJson", "note", "createdById", "createdAt", "publishedById", "publishedAt", "updatedAt")
SELECT 'v1-no-penalty-list', 'NO_PENALTY_LIST', 1, 'PUBLISHED', '2000-01-01',
  (SELECT '[' || COALESCE(string_agg('"' || "code" || '"', ',' ORDER BY "code" COLLATE "C"), '') || ']' FROM "CheckItem" WHERE "noPenaltyListed"),
  '启用版本管理前的首违不罚清单', 'system', (now() AT TIME ZONE 'UTC'), 'system', (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
WHERE EXISTS (SELECT 1 FROM "CheckItem");
INSERT INTO "CountyRuleVersion" ("id", "kind", "version", "status", "effectiveFrom", "contentJson", "note", "createdById", "createdAt", "publishedById", "publishedAt", "updatedAt")
SELECT 'v1-frequency-caps', 'FREQUENCY_CAPS', 1, 'PUBLISHED', '2000-01-01',
  '{"perDepartment":{"ECOENV":2,"HEALTH":2},"defaultPerDepartment":null,"visitsPerTarget":4}',
  '启用版本管理前的检查频次上限', 'system', (now() AT TIME ZONE 'UTC'), 'system', (now() AT TIME ZONE 'UTC'), (now() AT TIME ZONE 'UTC')
WHERE EXISTS (SELECT 1 FROM "CheckItem");

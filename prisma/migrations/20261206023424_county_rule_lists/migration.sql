-- CreateTable
CREATE TABLE "CountyRuleVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "kind" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "status" TEXT NOT NULL,
    "effectiveFrom" TEXT,
    "contentJson" TEXT NOT NULL,
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE INDEX "CountyRuleVersion_kind_status_idx" ON "CountyRuleVersion"("kind", "status");

-- CreateIndex
CREATE UNIQUE INDEX "CountyRuleVersion_kind_version_key" ON "CountyRuleVersion"("kind", "version");


-- edited: a county from before versioned rules (its catalog is seeded: it has check items) gets its
-- current 首违不罚 list (the items with noPenaltyListed) and the shipped frequency caps
-- (domain/planning.ts DEFAULT_FREQUENCY_CAPS) as published version 1 of each, in effect from
-- 2000-01-01 (INITIAL_LIST_EFFECTIVE_FROM), so dispositions and plans go on as before. Codes sorted
-- as domain/county-rules.ts contentJsonOf writes them. A fresh database gets them from the seed.
INSERT INTO "CountyRuleVersion" ("id", "kind", "version", "status", "effectiveFrom", "contentJson", "note", "createdById", "createdAt", "publishedById", "publishedAt", "updatedAt")
SELECT 'v1-no-penalty-list', 'NO_PENALTY_LIST', 1, 'PUBLISHED', '2000-01-01',
  (SELECT json_group_array("code") FROM (SELECT "code" FROM "CheckItem" WHERE "noPenaltyListed" = 1 ORDER BY "code")),
  '启用版本管理前的首违不罚清单', 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE EXISTS (SELECT 1 FROM "CheckItem");
INSERT INTO "CountyRuleVersion" ("id", "kind", "version", "status", "effectiveFrom", "contentJson", "note", "createdById", "createdAt", "publishedById", "publishedAt", "updatedAt")
SELECT 'v1-frequency-caps', 'FREQUENCY_CAPS', 1, 'PUBLISHED', '2000-01-01',
  '{"perDepartment":{"ECOENV":2,"HEALTH":2},"defaultPerDepartment":null,"visitsPerTarget":4}',
  '启用版本管理前的检查频次上限', 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), 'system', strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
WHERE EXISTS (SELECT 1 FROM "CheckItem");

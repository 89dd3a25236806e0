-- CreateTable
CREATE TABLE "PublishedDecision" (
    "caseId" TEXT NOT NULL PRIMARY KEY,
    "townshipId" TEXT,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "publishedAt" DATETIME NOT NULL,
    "publishedById" TEXT NOT NULL,
    "withdrawnAt" DATETIME,
    "withdrawReason" TEXT
);

-- CreateIndex
CREATE INDEX "PublishedDecision_publishedAt_idx" ON "PublishedDecision"("publishedAt");

-- CreateIndex
CREATE INDEX "PublishedDecision_townshipId_idx" ON "PublishedDecision"("townshipId");


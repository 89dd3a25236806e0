-- CreateTable
CREATE TABLE "PublishedDecision" (
    "caseId" TEXT NOT NULL,
    "townshipId" TEXT,
    "title" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "decidedOn" TEXT NOT NULL,
    "publishedAt" TIMESTAMP(3) NOT NULL,
    "publishedById" TEXT NOT NULL,
    "withdrawnAt" TIMESTAMP(3),
    "withdrawReason" TEXT,

    CONSTRAINT "PublishedDecision_pkey" PRIMARY KEY ("caseId")
);

-- CreateIndex
CREATE INDEX "PublishedDecision_publishedAt_idx" ON "PublishedDecision"("publishedAt");

-- CreateIndex
CREATE INDEX "PublishedDecision_townshipId_idx" ON "PublishedDecision"("townshipId");


-- CreateTable
CREATE TABLE "RatingInvitation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inspectionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" DATETIME NOT NULL,
    "usedAt" DATETIME,
    "createdById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Rating" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "inspectionId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" DATETIME NOT NULL
);

-- CreateIndex
CREATE UNIQUE INDEX "RatingInvitation_inspectionId_key" ON "RatingInvitation"("inspectionId");

-- CreateIndex
CREATE UNIQUE INDEX "RatingInvitation_tokenHash_key" ON "RatingInvitation"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Rating_inspectionId_key" ON "Rating"("inspectionId");

-- CreateIndex
CREATE INDEX "Rating_createdAt_idx" ON "Rating"("createdAt");

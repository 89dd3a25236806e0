-- CreateTable
CREATE TABLE "RatingInvitation" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "tokenHash" TEXT NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,
    "usedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RatingInvitation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Rating" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "score" INTEGER NOT NULL,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Rating_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "RatingInvitation_inspectionId_key" ON "RatingInvitation"("inspectionId");

-- CreateIndex
CREATE UNIQUE INDEX "RatingInvitation_tokenHash_key" ON "RatingInvitation"("tokenHash");

-- CreateIndex
CREATE UNIQUE INDEX "Rating_inspectionId_key" ON "Rating"("inspectionId");

-- CreateIndex
CREATE INDEX "Rating_createdAt_idx" ON "Rating"("createdAt");

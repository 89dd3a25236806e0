-- CreateTable
CREATE TABLE "Evidence" (
    "id" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "inspectionId" TEXT,
    "departmentCode" TEXT,
    "itemCode" TEXT,
    "findingId" TEXT,
    "eventId" TEXT,
    "caseId" TEXT,
    "kind" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "originalName" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "thumbnailKey" TEXT,
    "exifTakenAt" TEXT,
    "exifLatitude" DOUBLE PRECISION,
    "exifLongitude" DOUBLE PRECISION,
    "flagsJson" TEXT NOT NULL DEFAULT '[]',
    "uploadedById" TEXT NOT NULL,
    "uploadedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Evidence_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Evidence_storageKey_key" ON "Evidence"("storageKey");

-- CreateIndex
CREATE INDEX "Evidence_subjectType_subjectId_idx" ON "Evidence"("subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Evidence_inspectionId_idx" ON "Evidence"("inspectionId");

-- CreateIndex
CREATE INDEX "Evidence_eventId_idx" ON "Evidence"("eventId");

-- CreateIndex
CREATE INDEX "Evidence_caseId_idx" ON "Evidence"("caseId");


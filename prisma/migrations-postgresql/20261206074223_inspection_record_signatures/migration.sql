-- CreateTable
CREATE TABLE "InspectionRecord" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "supersedesId" TEXT,
    "correctionReason" TEXT,
    "contentJson" TEXT NOT NULL,
    "contentSha256" TEXT NOT NULL,
    "signatureCount" INTEGER NOT NULL DEFAULT 0,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "InspectionRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "RecordSignature" (
    "id" TEXT NOT NULL,
    "recordId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "signerKey" TEXT NOT NULL,
    "signerName" TEXT NOT NULL,
    "officerId" TEXT,
    "certificateNo" TEXT,
    "departmentName" TEXT,
    "imagePng" BYTEA,
    "imageSha256" TEXT,
    "imageWidth" INTEGER,
    "imageHeight" INTEGER,
    "witnessName" TEXT,
    "witnessImagePng" BYTEA,
    "witnessImageSha256" TEXT,
    "witnessImageWidth" INTEGER,
    "witnessImageHeight" INTEGER,
    "witnessDescription" TEXT,
    "refusalReason" TEXT,
    "contentSha256" TEXT NOT NULL,
    "signedAt" TIMESTAMP(3) NOT NULL,
    "recordedById" TEXT NOT NULL,

    CONSTRAINT "RecordSignature_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "InspectionRecord_supersedesId_key" ON "InspectionRecord"("supersedesId");

-- CreateIndex
CREATE UNIQUE INDEX "InspectionRecord_inspectionId_version_key" ON "InspectionRecord"("inspectionId", "version");

-- CreateIndex
CREATE UNIQUE INDEX "RecordSignature_recordId_signerKey_key" ON "RecordSignature"("recordId", "signerKey");

-- AddForeignKey
ALTER TABLE "InspectionRecord" ADD CONSTRAINT "InspectionRecord_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "InspectionRecord" ADD CONSTRAINT "InspectionRecord_supersedesId_fkey" FOREIGN KEY ("supersedesId") REFERENCES "InspectionRecord"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "RecordSignature" ADD CONSTRAINT "RecordSignature_recordId_fkey" FOREIGN KEY ("recordId") REFERENCES "InspectionRecord"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- CreateEnum
CREATE TYPE "DocumentKind" AS ENUM ('INSPECTION_RECORD', 'LEGAL_REVIEW_OPINION', 'RECTIFICATION_ORDER', 'PENALTY_DECISION');

-- CreateTable
CREATE TABLE "IssuedDocument" (
    "id" TEXT NOT NULL,
    "kind" "DocumentKind" NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "serial" INTEGER NOT NULL,
    "sourceDigest" TEXT NOT NULL,
    "sha256" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "content" BYTEA NOT NULL,
    "fileName" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "IssuedDocument_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "IssuedDocument_number_key" ON "IssuedDocument"("number");

-- CreateIndex
CREATE INDEX "IssuedDocument_inspectionId_idx" ON "IssuedDocument"("inspectionId");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedDocument_kind_year_serial_key" ON "IssuedDocument"("kind", "year", "serial");

-- CreateIndex
CREATE UNIQUE INDEX "IssuedDocument_kind_inspectionId_sourceDigest_key" ON "IssuedDocument"("kind", "inspectionId", "sourceDigest");

-- AddForeignKey
ALTER TABLE "IssuedDocument" ADD CONSTRAINT "IssuedDocument_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


-- AlterTable
ALTER TABLE "AuditEvent" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prevHash" TEXT,
ADD COLUMN     "seq" INTEGER;

-- CreateTable
CREATE TABLE "AuditChainHead" (
    "id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AuditChainHead_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CheckCodeScan" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "day" TEXT NOT NULL,
    "scannedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CheckCodeScan_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "CheckCodeScan_inspectionId_day_key" ON "CheckCodeScan"("inspectionId", "day");

-- CreateIndex
CREATE UNIQUE INDEX "AuditEvent_seq_key" ON "AuditEvent"("seq");

-- AddForeignKey
ALTER TABLE "CheckCodeScan" ADD CONSTRAINT "CheckCodeScan_inspectionId_fkey" FOREIGN KEY ("inspectionId") REFERENCES "JointInspection"("id") ON DELETE CASCADE ON UPDATE CASCADE;


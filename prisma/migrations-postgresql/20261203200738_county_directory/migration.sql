-- AlterTable
ALTER TABLE "Officer" ADD COLUMN     "certificateIssuer" TEXT,
ADD COLUMN     "deactivatedAt" TIMESTAMP(3),
ADD COLUMN     "legalQualificationNo" TEXT,
ADD COLUMN     "phone" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "contactPhone" TEXT,
ADD COLUMN     "creditGrade" TEXT,
ADD COLUMN     "doNotDisturbFrom" TEXT,
ADD COLUMN     "doNotDisturbReason" TEXT,
ADD COLUMN     "doNotDisturbUntil" TEXT,
ADD COLUMN     "legalRepresentative" TEXT,
ADD COLUMN     "updatedAt" TIMESTAMP(3);

-- AlterTable (edited: rows declared before get an id from their old key (officer, target), and stay upheld)
ALTER TABLE "OfficerConflict" DROP CONSTRAINT "OfficerConflict_pkey",
ADD COLUMN     "decidedAt" TIMESTAMP(3),
ADD COLUMN     "decidedById" TEXT,
ADD COLUMN     "decisionNote" TEXT,
ADD COLUMN     "declaredById" TEXT,
ADD COLUMN     "id" TEXT,
ADD COLUMN     "source" TEXT NOT NULL DEFAULT 'OFFICER',
ADD COLUMN     "status" TEXT NOT NULL DEFAULT 'UPHELD';
UPDATE "OfficerConflict" SET "id" = "officerId" || ':' || "targetId";
ALTER TABLE "OfficerConflict" ALTER COLUMN "id" SET NOT NULL,
ADD CONSTRAINT "OfficerConflict_pkey" PRIMARY KEY ("id");

-- CreateTable
CREATE TABLE "SeedRecord" (
    "model" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "digest" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SeedRecord_pkey" PRIMARY KEY ("model","key")
);

-- CreateIndex
CREATE INDEX "OfficerConflict_officerId_targetId_idx" ON "OfficerConflict"("officerId", "targetId");

-- CreateIndex
CREATE INDEX "OfficerConflict_targetId_idx" ON "OfficerConflict"("targetId");


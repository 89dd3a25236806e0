-- AlterTable
ALTER TABLE "MajorDecision" ADD COLUMN     "caseId" TEXT;

-- CreateIndex
CREATE INDEX "MajorDecision_caseId_idx" ON "MajorDecision"("caseId");


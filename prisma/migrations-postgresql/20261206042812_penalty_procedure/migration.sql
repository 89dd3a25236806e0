-- AlterTable
ALTER TABLE "EnforcementCase" ADD COLUMN     "amountPaid" DOUBLE PRECISION,
ADD COLUMN     "executedAt" TIMESTAMP(3),
ADD COLUMN     "hearingStatus" TEXT,
ADD COLUMN     "noticeServedOn" TEXT,
ADD COLUMN     "paymentDueOn" TEXT,
ADD COLUMN     "paymentOverdue" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "statementEndsOn" TEXT,
ADD COLUMN     "surchargeAmount" DOUBLE PRECISION;


-- AlterTable
ALTER TABLE "CheckItem" ADD COLUMN     "noPenaltyListed" BOOLEAN NOT NULL DEFAULT false;


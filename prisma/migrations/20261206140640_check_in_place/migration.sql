-- AlterTable
ALTER TABLE "JointInspection" ADD COLUMN "checkInAccuracyMeters" REAL;
ALTER TABLE "JointInspection" ADD COLUMN "checkInLatitude" REAL;
ALTER TABLE "JointInspection" ADD COLUMN "checkInLongitude" REAL;
ALTER TABLE "JointInspection" ADD COLUMN "checkInPlaceAsked" BOOLEAN;


-- AlterTable
ALTER TABLE "JointInspection" ADD COLUMN     "checkInAccuracyMeters" DOUBLE PRECISION,
ADD COLUMN     "checkInLatitude" DOUBLE PRECISION,
ADD COLUMN     "checkInLongitude" DOUBLE PRECISION,
ADD COLUMN     "checkInPlaceAsked" BOOLEAN;


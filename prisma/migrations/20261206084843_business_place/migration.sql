-- AlterTable
ALTER TABLE "Target" ADD COLUMN "latitude" REAL;
ALTER TABLE "Target" ADD COLUMN "longitude" REAL;

-- AlterTable
ALTER TABLE "Evidence" ADD COLUMN "siteLatitude" REAL;
ALTER TABLE "Evidence" ADD COLUMN "siteLongitude" REAL;
ALTER TABLE "Evidence" ADD COLUMN "siteSource" TEXT;


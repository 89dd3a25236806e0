-- AlterTable
ALTER TABLE "Department" ADD COLUMN     "townshipId" TEXT;

-- AlterTable
ALTER TABLE "Officer" ADD COLUMN     "countyWide" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Target" ADD COLUMN     "townshipId" TEXT;

-- AlterTable
ALTER TABLE "GridEvent" ADD COLUMN     "townshipId" TEXT;

-- AlterTable
ALTER TABLE "Plan" ADD COLUMN     "townshipId" TEXT;

-- AlterTable
ALTER TABLE "EnforcementCase" ADD COLUMN     "townshipId" TEXT;

-- CreateTable
CREATE TABLE "Township" (
    "id" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'TOWNSHIP',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3),

    CONSTRAINT "Township_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Village" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'VILLAGE',
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Village_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OfficerTownship" (
    "officerId" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,

    CONSTRAINT "OfficerTownship_pkey" PRIMARY KEY ("officerId","townshipId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Township_code_key" ON "Township"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Township_name_key" ON "Township"("name");

-- CreateIndex
CREATE UNIQUE INDEX "Village_townshipId_name_key" ON "Village"("townshipId", "name");

-- CreateIndex
CREATE INDEX "OfficerTownship_townshipId_idx" ON "OfficerTownship"("townshipId");

-- CreateIndex
CREATE INDEX "Target_townshipId_idx" ON "Target"("townshipId");

-- CreateIndex
CREATE INDEX "GridEvent_townshipId_idx" ON "GridEvent"("townshipId");

-- CreateIndex
CREATE INDEX "EnforcementCase_townshipId_idx" ON "EnforcementCase"("townshipId");

-- AddForeignKey
ALTER TABLE "Department" ADD CONSTRAINT "Department_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Village" ADD CONSTRAINT "Village_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficerTownship" ADD CONSTRAINT "OfficerTownship_officerId_fkey" FOREIGN KEY ("officerId") REFERENCES "Officer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OfficerTownship" ADD CONSTRAINT "OfficerTownship_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Target" ADD CONSTRAINT "Target_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Plan" ADD CONSTRAINT "Plan_townshipId_fkey" FOREIGN KEY ("townshipId") REFERENCES "Township"("id") ON DELETE SET NULL ON UPDATE CASCADE;


-- edited: officers from before townships keep the access they had (every township)
UPDATE "Officer" SET "countyWide" = true;

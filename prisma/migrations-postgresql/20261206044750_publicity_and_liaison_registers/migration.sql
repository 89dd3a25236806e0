-- CreateTable
CREATE TABLE "PublicityActivity" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "heldOn" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "audience" INTEGER NOT NULL DEFAULT 0,
    "materials" INTEGER NOT NULL DEFAULT 0,
    "departmentCode" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PublicityActivity_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalLiaison" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "village" TEXT NOT NULL,
    "phone" TEXT,
    "registeredOn" TEXT NOT NULL,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegalLiaison_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalLiaisonRecord" (
    "id" TEXT NOT NULL,
    "liaisonId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "on" TEXT NOT NULL,
    "hours" DOUBLE PRECISION,
    "result" TEXT,
    "note" TEXT NOT NULL DEFAULT '',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegalLiaisonRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StudySession" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "topic" TEXT NOT NULL,
    "heldOn" TEXT NOT NULL,
    "attendees" INTEGER NOT NULL DEFAULT 0,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "StudySession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PublicityActivity_townshipId_heldOn_idx" ON "PublicityActivity"("townshipId", "heldOn");

-- CreateIndex
CREATE INDEX "LegalLiaison_townshipId_idx" ON "LegalLiaison"("townshipId");

-- CreateIndex
CREATE INDEX "LegalLiaisonRecord_liaisonId_kind_idx" ON "LegalLiaisonRecord"("liaisonId", "kind");

-- CreateIndex
CREATE INDEX "StudySession_townshipId_heldOn_idx" ON "StudySession"("townshipId", "heldOn");

-- AddForeignKey
ALTER TABLE "LegalLiaisonRecord" ADD CONSTRAINT "LegalLiaisonRecord_liaisonId_fkey" FOREIGN KEY ("liaisonId") REFERENCES "LegalLiaison"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "EnforcementCase" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "findingId" TEXT,
    "departmentCode" TEXT,
    "status" TEXT NOT NULL,
    "major" BOOLEAN NOT NULL DEFAULT false,
    "penaltyKind" TEXT,
    "fineAmount" DOUBLE PRECISION,
    "proposalJson" TEXT,
    "filedById" TEXT NOT NULL,
    "filedAt" TIMESTAMP(3) NOT NULL,
    "decisionDueOn" TEXT NOT NULL,
    "decisionOverdue" BOOLEAN NOT NULL DEFAULT false,
    "suspended" BOOLEAN NOT NULL DEFAULT false,
    "suspendedDays" INTEGER NOT NULL DEFAULT 0,
    "reviewDueOn" TEXT,
    "reviewOverdue" BOOLEAN NOT NULL DEFAULT false,
    "decisionText" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionLate" BOOLEAN NOT NULL DEFAULT false,
    "servedAt" TIMESTAMP(3),
    "serviceMethod" TEXT,
    "closedAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "EnforcementCase_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseInvestigator" (
    "caseId" TEXT NOT NULL,
    "officerId" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseInvestigator_pkey" PRIMARY KEY ("caseId","officerId")
);

-- CreateTable
CREATE TABLE "CaseReview" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CaseEvent" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "detailJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "CaseEvent_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EnforcementCase_inspectionId_idx" ON "EnforcementCase"("inspectionId");

-- CreateIndex
CREATE INDEX "EnforcementCase_status_idx" ON "EnforcementCase"("status");

-- CreateIndex
CREATE UNIQUE INDEX "CaseReview_caseId_round_key" ON "CaseReview"("caseId", "round");

-- CreateIndex
CREATE INDEX "CaseEvent_caseId_kind_idx" ON "CaseEvent"("caseId", "kind");

-- AddForeignKey
ALTER TABLE "CaseInvestigator" ADD CONSTRAINT "CaseInvestigator_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "EnforcementCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseReview" ADD CONSTRAINT "CaseReview_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "EnforcementCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CaseEvent" ADD CONSTRAINT "CaseEvent_caseId_fkey" FOREIGN KEY ("caseId") REFERENCES "EnforcementCase"("id") ON DELETE CASCADE ON UPDATE CASCADE;


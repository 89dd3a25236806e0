-- CreateTable
CREATE TABLE "LegalChallenge" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "caseId" TEXT,
    "actDescription" TEXT NOT NULL,
    "applicant" TEXT NOT NULL,
    "reviewingBody" TEXT NOT NULL,
    "reference" TEXT,
    "knownOn" TEXT,
    "appliedOn" TEXT NOT NULL,
    "filedOutOfTime" BOOLEAN NOT NULL,
    "acceptedOn" TEXT NOT NULL,
    "receivedOn" TEXT NOT NULL,
    "answerDueOn" TEXT NOT NULL,
    "answeredOn" TEXT,
    "answerLate" BOOLEAN NOT NULL DEFAULT false,
    "decisionDueOn" TEXT NOT NULL,
    "extended" BOOLEAN NOT NULL DEFAULT false,
    "extensionReason" TEXT,
    "status" TEXT NOT NULL,
    "outcome" TEXT,
    "decidedOn" TEXT,
    "outcomeNote" TEXT,
    "caseDecisionRevoked" BOOLEAN NOT NULL DEFAULT false,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegalChallenge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "LegalChallengeHearing" (
    "id" TEXT NOT NULL,
    "challengeId" TEXT NOT NULL,
    "heldOn" TEXT NOT NULL,
    "headAppeared" BOOLEAN NOT NULL,
    "appearedName" TEXT NOT NULL,
    "note" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "LegalChallengeHearing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "VisitLawExplanation" (
    "id" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "townshipId" TEXT,
    "departmentCode" TEXT NOT NULL,
    "lawExplained" TEXT NOT NULL,
    "visitedOn" TEXT NOT NULL,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "VisitLawExplanation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "LegalChallenge_townshipId_kind_idx" ON "LegalChallenge"("townshipId", "kind");

-- CreateIndex
CREATE INDEX "LegalChallenge_caseId_idx" ON "LegalChallenge"("caseId");

-- CreateIndex
CREATE UNIQUE INDEX "LegalChallengeHearing_challengeId_heldOn_key" ON "LegalChallengeHearing"("challengeId", "heldOn");

-- CreateIndex
CREATE INDEX "VisitLawExplanation_townshipId_visitedOn_idx" ON "VisitLawExplanation"("townshipId", "visitedOn");

-- CreateIndex
CREATE UNIQUE INDEX "VisitLawExplanation_inspectionId_departmentCode_key" ON "VisitLawExplanation"("inspectionId", "departmentCode");

-- AddForeignKey
ALTER TABLE "LegalChallengeHearing" ADD CONSTRAINT "LegalChallengeHearing_challengeId_fkey" FOREIGN KEY ("challengeId") REFERENCES "LegalChallenge"("id") ON DELETE RESTRICT ON UPDATE CASCADE;


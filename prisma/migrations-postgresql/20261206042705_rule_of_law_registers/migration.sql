-- CreateTable
CREATE TABLE "NormativeDocument" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "draftingOffice" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "submittedAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL,
    "collectiveDiscussionRequired" BOOLEAN NOT NULL DEFAULT false,
    "discussedOn" TEXT,
    "round" INTEGER NOT NULL DEFAULT 1,
    "reviewDueOn" TEXT,
    "reviewOverdue" BOOLEAN NOT NULL DEFAULT false,
    "documentNumber" TEXT,
    "publishedOn" TEXT,
    "filingDueOn" TEXT,
    "filingOverdue" BOOLEAN NOT NULL DEFAULT false,
    "filedOn" TEXT,
    "filingReference" TEXT,
    "validity" TEXT,
    "cleanupReviewedOn" TEXT,
    "cleanupNote" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NormativeDocument_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NormativeDocumentReview" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "NormativeDocumentReview_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "NormativeDocumentEvent" (
    "id" TEXT NOT NULL,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "at" TIMESTAMP(3) NOT NULL,
    "detailJson" TEXT NOT NULL DEFAULT '{}',

    CONSTRAINT "NormativeDocumentEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MajorDecision" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "amount" DOUBLE PRECISION,
    "subjectToRule" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "proposedAt" TIMESTAMP(3) NOT NULL,
    "legalReviewerId" TEXT,
    "legalConclusion" TEXT,
    "legalOpinion" TEXT,
    "legalReviewedAt" TIMESTAMP(3),
    "meetingKind" TEXT,
    "meetingDate" TEXT,
    "membersTotal" INTEGER,
    "attendeesJson" TEXT,
    "votesFor" INTEGER,
    "votesAgainst" INTEGER,
    "votesAbstain" INTEGER,
    "minutes" TEXT,
    "meetingRecordedAt" TIMESTAMP(3),
    "decisionText" TEXT,
    "takenById" TEXT,
    "takenAt" TIMESTAMP(3),
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MajorDecision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL,
    "townshipId" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "summary" TEXT NOT NULL,
    "village" TEXT,
    "major" BOOLEAN NOT NULL DEFAULT false,
    "mediatorName" TEXT NOT NULL,
    "gridEventId" TEXT,
    "receivedOn" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "outcomeNote" TEXT,
    "referredTo" TEXT,
    "resolvedOn" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Dispute_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "DisputeParty" (
    "id" TEXT NOT NULL,
    "disputeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "phone" TEXT,
    "idNumber" TEXT,

    CONSTRAINT "DisputeParty_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "MediationTarget" (
    "townshipId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "target" INTEGER NOT NULL,
    "setById" TEXT NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "MediationTarget_pkey" PRIMARY KEY ("townshipId","year")
);

-- CreateIndex
CREATE INDEX "NormativeDocument_townshipId_status_idx" ON "NormativeDocument"("townshipId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "NormativeDocumentReview_documentId_round_key" ON "NormativeDocumentReview"("documentId", "round");

-- CreateIndex
CREATE INDEX "NormativeDocumentEvent_documentId_kind_idx" ON "NormativeDocumentEvent"("documentId", "kind");

-- CreateIndex
CREATE INDEX "MajorDecision_townshipId_status_idx" ON "MajorDecision"("townshipId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Dispute_gridEventId_key" ON "Dispute"("gridEventId");

-- CreateIndex
CREATE INDEX "Dispute_townshipId_receivedOn_idx" ON "Dispute"("townshipId", "receivedOn");

-- AddForeignKey
ALTER TABLE "NormativeDocumentReview" ADD CONSTRAINT "NormativeDocumentReview_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "NormativeDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "NormativeDocumentEvent" ADD CONSTRAINT "NormativeDocumentEvent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "NormativeDocument"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "DisputeParty" ADD CONSTRAINT "DisputeParty_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "NormativeDocument" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "townshipId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "draftingOffice" TEXT NOT NULL,
    "submittedById" TEXT NOT NULL,
    "submittedAt" DATETIME NOT NULL,
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
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "NormativeDocumentReview" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "round" INTEGER NOT NULL,
    "reviewerId" TEXT NOT NULL,
    "decision" TEXT NOT NULL,
    "opinion" TEXT NOT NULL,
    "late" BOOLEAN NOT NULL DEFAULT false,
    "decidedAt" DATETIME NOT NULL,
    CONSTRAINT "NormativeDocumentReview_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "NormativeDocument" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "NormativeDocumentEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "documentId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "actorId" TEXT,
    "at" DATETIME NOT NULL,
    "detailJson" TEXT NOT NULL DEFAULT '{}',
    CONSTRAINT "NormativeDocumentEvent_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "NormativeDocument" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MajorDecision" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "townshipId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "amount" REAL,
    "subjectToRule" BOOLEAN NOT NULL,
    "status" TEXT NOT NULL,
    "proposedById" TEXT NOT NULL,
    "proposedAt" DATETIME NOT NULL,
    "legalReviewerId" TEXT,
    "legalConclusion" TEXT,
    "legalOpinion" TEXT,
    "legalReviewedAt" DATETIME,
    "meetingKind" TEXT,
    "meetingDate" TEXT,
    "membersTotal" INTEGER,
    "attendeesJson" TEXT,
    "votesFor" INTEGER,
    "votesAgainst" INTEGER,
    "votesAbstain" INTEGER,
    "minutes" TEXT,
    "meetingRecordedAt" DATETIME,
    "decisionText" TEXT,
    "takenById" TEXT,
    "takenAt" DATETIME,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "Dispute" (
    "id" TEXT NOT NULL PRIMARY KEY,
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
    "createdAt" DATETIME NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

-- CreateTable
CREATE TABLE "DisputeParty" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "disputeId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "phone" TEXT,
    "idNumber" TEXT,
    CONSTRAINT "DisputeParty_disputeId_fkey" FOREIGN KEY ("disputeId") REFERENCES "Dispute" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "MediationTarget" (
    "townshipId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "target" INTEGER NOT NULL,
    "setById" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL,

    PRIMARY KEY ("townshipId", "year")
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


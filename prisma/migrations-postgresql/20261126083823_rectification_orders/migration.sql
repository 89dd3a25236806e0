-- CreateTable
CREATE TABLE "RectificationOrder" (
    "findingId" TEXT NOT NULL,
    "inspectionId" TEXT NOT NULL,
    "targetId" TEXT NOT NULL,
    "departmentCode" TEXT NOT NULL,
    "itemCode" TEXT NOT NULL,
    "requirement" TEXT NOT NULL,
    "workingDays" INTEGER NOT NULL,
    "orderedOn" TEXT NOT NULL,
    "orderedById" TEXT NOT NULL,
    "deadlineOn" TEXT NOT NULL,
    "extensionsJson" TEXT NOT NULL DEFAULT '[]',
    "status" TEXT NOT NULL,
    "recheckInspectionId" TEXT,
    "result" TEXT,
    "escalation" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RectificationOrder_pkey" PRIMARY KEY ("findingId")
);

-- CreateIndex
CREATE INDEX "RectificationOrder_targetId_itemCode_idx" ON "RectificationOrder"("targetId", "itemCode");

-- CreateIndex
CREATE INDEX "RectificationOrder_status_idx" ON "RectificationOrder"("status");

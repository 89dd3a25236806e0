-- CreateTable
CREATE TABLE "WorkflowState" (
    "workflowId" TEXT NOT NULL PRIMARY KEY,
    "version" INTEGER NOT NULL,
    "stateJson" TEXT NOT NULL,
    "updatedAt" DATETIME NOT NULL
);

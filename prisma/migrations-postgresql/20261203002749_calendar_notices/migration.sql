-- AlterTable
ALTER TABLE "EnforcementCase" ADD COLUMN     "reviewDueBasisJson" TEXT;

-- AlterTable
ALTER TABLE "RectificationOrder" ADD COLUMN     "deadlineBasisJson" TEXT;

-- CreateTable
CREATE TABLE "CalendarNotice" (
    "year" INTEGER NOT NULL,
    "documentNumber" TEXT NOT NULL,
    "publishedOn" TEXT NOT NULL,
    "holidaysJson" TEXT NOT NULL,
    "workdaysJson" TEXT NOT NULL,
    "enteredById" TEXT NOT NULL,
    "enteredAt" TIMESTAMP(3) NOT NULL,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CalendarNotice_pkey" PRIMARY KEY ("year")
);


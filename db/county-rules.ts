/**
 * The county's published rules besides the scenario lists: the frequency caps of visits (频次上限)
 * and the 首违不罚 list. One seam for every reader (the planner's defaults, direct scheduling, the
 * 首违不罚 disposition), so where the values come from is decided here only.
 */
import { DEFAULT_FREQUENCY_CAPS, type FrequencyCaps } from '../domain/planning';
import type { PrismaClient } from './client';

/** The frequency caps in effect on a China date (YYYY-MM-DD). */
export async function frequencyCapsInEffect(_prisma: PrismaClient, _onDate: string): Promise<FrequencyCaps> {
  // Until the county publishes its own caps (#13), the shipped defaults hold.
  return DEFAULT_FREQUENCY_CAPS;
}

/** Whether a check item is on the 首违不罚 list in effect on a China date. */
export async function noPenaltyListedOn(prisma: PrismaClient, itemCode: string, _onDate: string): Promise<boolean> {
  // Until the county publishes its own list (#13), the catalog's flag holds.
  const item = await prisma.checkItem.findUnique({ where: { code: itemCode }, select: { noPenaltyListed: true } });
  return item?.noPenaltyListed ?? false;
}

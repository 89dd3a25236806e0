/**
 * `npm run audit:verify`: checks the whole audit chain of the database DATABASE_URL names (as
 * GET /api/admin/audit/verify does) and names the first broken event. Exit code 0 when the
 * chain is whole, 1 when it is broken, 2 when it could not be read.
 *
 *   npm run audit:verify [-- --json]
 */
import { createPrismaClient, verifyAuditChain } from '../db';
import { loadConfig } from './config';

async function main(): Promise<number> {
  const config = loadConfig();
  const prisma = createPrismaClient(config.DATABASE_URL);
  try {
    const report = await verifyAuditChain(prisma);
    if (process.argv.includes('--json')) {
      console.log(JSON.stringify(report, null, 2));
    } else if (report.ok) {
      console.log(`audit chain OK: ${report.events} events, head #${report.head?.seq ?? 0} ${report.head?.hash ?? '-'}`);
    } else {
      const first = report.firstBroken!;
      console.log(`audit chain BROKEN: ${report.breaks.length} break(s) in ${report.events} events`);
      console.log(`first: ${first.kind} (${first.suspected}) event ${first.eventId ?? '-'} seq ${first.seq ?? '-'} position ${first.position ?? '-'}: ${first.message}`);
      for (const b of report.breaks.slice(1, 20)) console.log(`  then: ${b.kind} event ${b.eventId ?? '-'} seq ${b.seq ?? '-'}`);
    }
    return report.ok ? 0 : 1;
  } finally {
    await prisma.$disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);

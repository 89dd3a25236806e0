/**
 * Seeds the reference catalog (departments, check items, scenarios), demo officers and demo
 * targets. Idempotent: every row is upserted by its stable code or key, so running it on
 * every start changes nothing once the data is there (and updates what the catalog changed).
 */
import type { PrismaClient } from '../db';
import { isNoPenaltyListed } from '../domain/catalog';
import { checkItems, departments, noPenaltyList, officers, scenarios, targets } from './seed-data/catalog';

export interface SeedSummary {
  departments: number;
  checkItems: number;
  scenarios: number;
  officers: number;
  targets: number;
}

export async function seedCatalog(prisma: PrismaClient): Promise<SeedSummary> {
  const departmentIds = new Map<string, string>();
  for (const d of departments) {
    const row = await prisma.department.upsert({
      where: { code: d.code },
      create: { code: d.code, name: d.name, shortName: d.shortName },
      update: { name: d.name, shortName: d.shortName },
    });
    departmentIds.set(d.code, row.id);
  }

  const itemIds = new Map<string, string>();
  for (const item of checkItems) {
    const m = item.measurement;
    const data = {
      departmentId: departmentIds.get(item.departmentCode)!,
      title: item.title,
      legalBasis: item.legalBasis,
      method: item.method,
      severity: item.severity,
      noPenaltyListed: isNoPenaltyListed(item.code, noPenaltyList),
      measurementKind: m.kind,
      unit: m.kind === 'NUMERIC' ? m.unit : null,
      limitMin: m.kind === 'NUMERIC' ? (m.limitMin ?? null) : null,
      limitMax: m.kind === 'NUMERIC' ? (m.limitMax ?? null) : null,
      validMin: m.kind === 'NUMERIC' ? m.validMin : null,
      validMax: m.kind === 'NUMERIC' ? m.validMax : null,
    };
    const row = await prisma.checkItem.upsert({
      where: { code: item.code },
      create: { code: item.code, ...data },
      update: data,
    });
    itemIds.set(item.code, row.id);
  }

  for (const s of scenarios) {
    await prisma.$transaction(async (tx) => {
      const scenario = await tx.scenario.upsert({
        where: { code: s.code },
        create: { code: s.code, name: s.name, description: s.description },
        update: { name: s.name, description: s.description },
      });
      await tx.scenarioItem.deleteMany({ where: { scenarioId: scenario.id } });
      await tx.scenarioItem.createMany({
        data: s.itemCodes.map((code, position) => ({ scenarioId: scenario.id, checkItemId: itemIds.get(code)!, position })),
      });
    });
  }

  for (const o of officers) {
    const data = {
      name: o.name,
      departmentId: o.departmentCode ? departmentIds.get(o.departmentCode)! : null,
      certificateNo: o.certificateNo,
      certificateExpiresOn: o.certificateExpiresOn ? new Date(`${o.certificateExpiresOn}T00:00:00.000Z`) : null,
      legalQualified: o.legalQualified,
    };
    await prisma.$transaction(async (tx) => {
      const officer = await tx.officer.upsert({ where: { key: o.key }, create: { key: o.key, ...data }, update: data });
      await tx.officerRole.deleteMany({ where: { officerId: officer.id } });
      await tx.officerRole.createMany({ data: o.roles.map((role) => ({ officerId: officer.id, role })) });
    });
  }

  for (const t of targets) {
    const data = {
      name: t.name,
      creditCode: t.creditCode,
      address: t.address,
      village: t.village,
      scenarioCode: t.scenarioCode,
      riskClass: t.riskClass,
    };
    await prisma.target.upsert({ where: { key: t.key }, create: { key: t.key, ...data }, update: data });
  }

  return {
    departments: departments.length,
    checkItems: checkItems.length,
    scenarios: scenarios.length,
    officers: officers.length,
    targets: targets.length,
  };
}

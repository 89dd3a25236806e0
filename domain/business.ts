/**
 * Businesses (检查对象) as the county keeps them: credit grade, 无事不扰 with a period, and the
 * sampling class the 双随机 draw uses.
 */
import type { RiskClass } from './draw';

/**
 * 信用风险分类 of market regulation: A (低) … D (高). The grade sets the draw's sampling class,
 * so the ratios of the plan (DEFAULT_SAMPLING_RATIOS) apply by grade: A is sampled least, C and D
 * most. A business without a grade is sampled by its risk class.
 */
export const CREDIT_GRADES = ['A', 'B', 'C', 'D'] as const;
export type CreditGrade = (typeof CREDIT_GRADES)[number];
export const CREDIT_GRADE_LABELS: Record<CreditGrade, string> = { A: 'A类（信用风险低）', B: 'B类（信用风险一般）', C: 'C类（信用风险较高）', D: 'D类（信用风险高）' };

const SAMPLING_CLASS_OF_GRADE: Record<CreditGrade, RiskClass> = { A: 'LOW', B: 'MEDIUM', C: 'HIGH', D: 'HIGH' };

export function samplingClassOf(business: { creditGrade: string | null; riskClass: string | null }): RiskClass {
  const grade = business.creditGrade as CreditGrade | null;
  if (grade && grade in SAMPLING_CLASS_OF_GRADE) return SAMPLING_CLASS_OF_GRADE[grade];
  return (business.riskClass ?? 'MEDIUM') as RiskClass;
}

export interface DoNotDisturb {
  doNotDisturb: boolean;
  doNotDisturbFrom: string | null;
  doNotDisturbUntil: string | null;
}

/** Whether 无事不扰 holds on some day of a period: a plan leaves such a business out of sampling and annual visits. */
export function doNotDisturbDuring(business: DoNotDisturb, from: string, to: string): boolean {
  if (!business.doNotDisturb) return false;
  if (business.doNotDisturbFrom && to.slice(0, 10) < business.doNotDisturbFrom) return false;
  if (business.doNotDisturbUntil && from.slice(0, 10) > business.doNotDisturbUntil) return false;
  return true;
}

/** Whether 无事不扰 holds on a China date: flagged, and the date inside its period (open ends allowed). */
export function doNotDisturbOn(business: DoNotDisturb, onDate: string): boolean {
  return doNotDisturbDuring(business, onDate, onDate);
}

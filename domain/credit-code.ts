/**
 * Unified social credit code (统一社会信用代码), GB 32100-2015.
 * 18 characters: registration authority (1), entity type (1), administrative division (6),
 * organisation code (9), check character (1). The alphabet has 31 symbols: digits and
 * capital letters without I, O, Z, S, V (they are too easily confused with digits).
 */
export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export type CreditCodeProblem = 'LENGTH' | 'CHARACTER' | 'CHECK_CHARACTER';

/** The check character for the first 17 characters of a code. */
export function creditCodeCheckCharacter(first17: string): string {
  if (first17.length !== 17) throw new RangeError('expected 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const value = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (value < 0) throw new RangeError(`character ${first17[i]} is not allowed`);
    sum += value * WEIGHTS[i];
  }
  return CREDIT_CODE_ALPHABET[(31 - (sum % 31)) % 31];
}

/** Returns null when the code is valid, otherwise what is wrong with it. */
export function creditCodeProblem(code: string): CreditCodeProblem | null {
  if (code.length !== 18) return 'LENGTH';
  for (const ch of code) if (!CREDIT_CODE_ALPHABET.includes(ch)) return 'CHARACTER';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code[17] ? null : 'CHECK_CHARACTER';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === null;
}

/** Chinese message for a person who typed the code. */
export function describeCreditCodeProblem(problem: CreditCodeProblem): string {
  switch (problem) {
    case 'LENGTH':
      return '统一社会信用代码应为18位';
    case 'CHARACTER':
      return '统一社会信用代码只能包含数字和大写字母（不含I、O、Z、S、V）';
    case 'CHECK_CHARACTER':
      return '统一社会信用代码校验位不正确，请核对后重新输入';
  }
}

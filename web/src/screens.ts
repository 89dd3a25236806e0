/**
 * Which screens a person has: each role's screens in the bottom tab bar, and where each role
 * lands after login. Only navigation lives here — who may do what is the API's (it answers 403).
 */
import type { Me } from './api/client';

type Role = Me['officer']['roles'][number];

export interface Screen {
  path: string;
  label: string;
  icon: string;
  roles: readonly Role[] | 'ALL';
}

// In landing order: a person with several roles lands on the first screen of theirs.
export const SCREENS: readonly Screen[] = [
  { path: '/dashboard', label: '看板', icon: 'chart-trending-o', roles: ['LEADER'] },
  { path: '/worklist', label: '检查', icon: 'todo-list-o', roles: ['INSPECTOR'] },
  { path: '/findings', label: '发现', icon: 'warning-o', roles: ['INSPECTOR'] },
  { path: '/report', label: '上报', icon: 'add-o', roles: ['GRID_WORKER'] },
  { path: '/reviews', label: '审核', icon: 'records-o', roles: ['LEGAL_REVIEWER'] },
  { path: '/visits', label: '联合检查', icon: 'calendar-o', roles: ['COORDINATOR'] },
  { path: '/board', label: '532', icon: 'clock-o', roles: ['COORDINATOR', 'INSPECTOR'] },
  { path: '/admin', label: '管理', icon: 'setting-o', roles: ['ADMIN'] },
  { path: '/inbox', label: '消息', icon: 'bell', roles: 'ALL' },
];

export function screensOf(me: Me | null): Screen[] {
  const roles = me?.officer.roles ?? [];
  return SCREENS.filter((s) => s.roles === 'ALL' || s.roles.some((r) => roles.includes(r)));
}

/** The first screen of the person's roles (a coordinator who also inspects starts on the worklist). */
export function landingOf(me: Me | null): string {
  return screensOf(me)[0]?.path ?? '/inbox';
}

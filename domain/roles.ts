export const ROLES = ['COORDINATOR', 'INSPECTOR', 'LEGAL_REVIEWER', 'LEADER', 'ADMIN', 'GRID_WORKER'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, string> = {
  COORDINATOR: '综合执法协调员',
  INSPECTOR: '部门执法人员',
  LEGAL_REVIEWER: '法制审核人员',
  LEADER: '领导',
  ADMIN: '系统管理员',
  GRID_WORKER: '网格员',
};

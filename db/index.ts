export * from './client';
export * from './write-once';
export * from './workflow-state';
export * from './tokens';
export * from './rows';
export * from './calendar';
export * from './rectification';
export * from './scenario-lists';

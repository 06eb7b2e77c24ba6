// Public entry of plugins/core/auth: plugins and front doors import this file, not the ones beside it.

export * from './attempt-limiter';
export * from './embed-token';
export * from './hmac-key';
export * from './member-check';
export * from './staff-sessions';
export * from './staff-token';

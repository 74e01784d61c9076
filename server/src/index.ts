export { startServer, type RunningServer } from './app.js';
export { loadConfig, ConfigError, type Config } from './config.js';
export { createLogger, type Logger } from './logger.js';
export { cobuildSchema, printCobuildSchema } from './graphql/schema.js';
export { ormConfig } from './database/orm-config.js';
export { toGlobalId } from './graphql/relay/global-id.js';
export { seedDemo } from './seed/demo-seed.js';
export { seedVolume, type VolumeOptions } from './seed/volume-seed.js';

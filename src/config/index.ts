export { ConfigError } from './errors.js';
export { renderInitConfig } from './init.js';
export { describeValue, flattenIssues, formatPath, frenchErrorMap, parseYaml, zodErrorLines } from './issues.js';
export { CONFIG_FILE_NAMES, defaultConfig, displayPath, loadConfig, parseConfig, parseConfigText } from './load.js';
export { configSchema, isoDate, periodSchema, type Config, type ConfigInput, type Period, type RuleOverride } from './schema.js';

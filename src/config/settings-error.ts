/** Invalid configuration; its message names the variable at fault. */
export class ConfigError extends Error {}

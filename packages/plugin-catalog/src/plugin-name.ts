export const pluginName = '@mig/plugin-catalog'

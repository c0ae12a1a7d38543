export const pluginName = '@mig/plugin-sales'

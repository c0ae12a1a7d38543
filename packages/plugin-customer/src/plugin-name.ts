export const pluginName = '@mig/plugin-customer'

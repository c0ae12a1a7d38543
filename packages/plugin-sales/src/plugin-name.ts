/** The npm name, as it appears in TrackedTable.origins. */
export const pluginName = '@mig/plugin-sales'

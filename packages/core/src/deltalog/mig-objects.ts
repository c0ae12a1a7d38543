/**
 * Every table mig creates in a Magento database carries a comment starting with `mig:`
 * (`mig:deltalog …` for deltalogs, `mig:state …` for bookkeeping), which is how teardown finds
 * exactly what mig owns and nothing else.
 */
export const MIG_OBJECT_MARKER_PREFIX = 'mig:'

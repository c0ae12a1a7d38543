/** The seeded storefront + admin writer now lives in @mig/demo (`mig demo` drives it too); tests keep importing it from here. */
export * from '@mig/demo/storefront'

/** @mig/demo: mig's own Magento schema subset, a seeded storefront simulator and the `mig demo` run. */
export {}

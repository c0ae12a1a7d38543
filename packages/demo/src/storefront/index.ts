/** Seeded, deterministic Magento 1 storefront + admin writer: test traffic for mig's triggers and the traffic of `mig demo`. */
export {
  runWriter,
  DEFAULT_MIX,
  CUSTOMER_MIX,
  CATALOG_MIX,
  DELETE_MIX,
  DIRTY_MIX,
  OPERATION_FUNCTIONS,
  type WriterOptions,
  type WriterStats,
  type Operation,
} from './run-writer.js'
export { createWriterContext, ORDER_CASCADES, REQUIRED_TABLES, type WriterContext } from './context.js'
export { guestCheckout, registeredCheckout, checkout, type CheckoutResult } from './op-checkout.js'
export { invoice } from './op-invoice.js'
export { ship } from './op-ship.js'
export { refund } from './op-refund.js'
export { cancel } from './op-cancel.js'
export { adminEdit } from './op-admin-edit.js'
export { deleteOrder } from './op-delete-order.js'
export { abandonCart, updateCart } from './op-cart.js'
export { registerCustomer } from './op-customer-register.js'
export { editCustomerProfile, changePassword } from './op-customer-profile.js'
export { addAddress, editAddress, deleteAddress, setDefaultAddress } from './op-customer-address.js'
export { toggleNewsletter } from './op-newsletter.js'
export { addToWishlist, removeFromWishlist, updateWishlistItem } from './op-wishlist.js'
export { deleteCustomer } from './op-customer-delete.js'
export {
  adminCreateProduct,
  adminEditProduct,
  adminStock,
  adminTierPrices,
  adminDeleteProduct,
} from './op-catalog-product.js'
export { adminCategory } from './op-catalog-category.js'
export { adminProductImages } from './op-catalog-gallery.js'
export { adminCustomOptions } from './op-catalog-options.js'
export { adminProductLinks } from './op-catalog-links.js'
export { adminConfigurableProduct } from './op-catalog-configurable.js'
export { adminBundleProduct } from './op-catalog-bundle.js'
export { storefrontReview, adminModerateReview } from './op-review.js'
export { catalogModel, type CatalogModel } from './catalog-model.js'
export { customerModel, CUSTOMER_CASCADES, type CustomerModel } from './customer-eav.js'
export {
  phpSerialize,
  phpUnserialize,
  isPhpSerialized,
  phpFloat,
  PhpFloat,
  type PhpValue,
  type PhpUnserialized,
} from './php-serialize.js'
export { Rng, mulberry32 } from './prng.js'
export { nextIncrement, allocateIncrementId } from './increment.js'
export { isRetryable, RETRYABLE_ERRNOS, SESSION_SETUP } from './transaction.js'
export { OPERATIONS, type OperationName, type OpOutcome, type Db } from './types.js'
